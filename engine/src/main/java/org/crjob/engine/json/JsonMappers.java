package org.crjob.engine.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one Jackson configuration crjob's JSON starts from: the wire and the state file, the store's manifests, the
 * coordinator's messages, DMTCP's options file, the CLI's {@code --json}. Each adds only what is its own (the wire's
 * strictness, the manifest's indentation, the CLI's Slurm times).
 */
public final class JsonMappers {

    private JsonMappers() {
    }

    /**
     * A builder with {@code java.time} values and durations as ISO-8601 strings (people read these files),
     * {@code Optional} understood, and unknown fields ignored on reading: a later crjob may add fields, and an older
     * one still reads the ones it knows.
     */
    public static JsonMapper.Builder builder() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new Jdk8Module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
