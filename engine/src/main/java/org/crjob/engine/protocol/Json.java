package org.crjob.engine.protocol;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.nio.file.Path;
import org.crjob.engine.json.JsonMappers;

/** The one Jackson configuration of this package, so the wire, the state file and the events agree. */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMappers.builder()
            // Jackson writes a Path as a file:// URI by default; people read these files, and
            // Jackson reads a plain path back just as well
            .addModule(new SimpleModule().addSerializer(Path.class, ToStringSerializer.instance))
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            // "{...} garbage" is not one request, and two "token" keys are someone trying something
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {
    }
}
