package org.crjob.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crjob.engine.CheckpointEngine.StateFile;
import org.crjob.engine.json.JsonMappers;
import org.crjob.engine.store.Generation;
import org.crjob.failure.InvalidValueException;
import org.crjob.failure.UnexpectedStateException;
import org.crjob.posix.Signal;

/**
 * What a generation's manifest keeps so that a restart, possibly in another job of a chain, can put the
 * state files back and relaunch the same command: stored in the manifest's {@code meta}.
 */
public record RestartInfo(List<String> command, Signal signal, Map<String, Path> targets) {

    /** The manifest keys the coordinator also records: the job that stored the generation, and why. */
    public static final String JOB_ID = "job";
    public static final String REASON = "reason";
    /** And the seconds between the job's periodic checkpoints (0: none), by which {@code crjob jobs} calls one late. */
    public static final String INTERVAL_SECONDS = "intervalSeconds";
    private static final String COMMAND = "command";
    private static final String SIGNAL = "signal";
    private static final String STATE_PREFIX = "state:";
    private static final ObjectMapper JSON = JsonMappers.builder().build();

    /** The manifest's {@code meta} entries a restart reads back with {@link #of}. */
    public static Map<String, String> describe(AppSpec spec, List<StateFile> stateFiles) {
        Map<String, String> meta = new LinkedHashMap<>();
        try {
            meta.put(COMMAND, JSON.writeValueAsString(spec.command()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        meta.put(SIGNAL, spec.signal().name());
        for (StateFile file : stateFiles) {
            meta.put(STATE_PREFIX + file.name(), file.path().toString());
        }
        return meta;
    }

    /** Reads it back from a generation; an error names the generation when the manifest lacks it. */
    public static RestartInfo of(Generation generation) {
        Map<String, String> meta = generation.manifest().meta();
        String command = meta.get(COMMAND);
        if (command == null) {
            throw new InvalidValueException("generation " + generation.number() + " in " + generation.dir().getParent()
                    + " does not record the command to restart; give it after --");
        }
        Map<String, Path> targets = new LinkedHashMap<>();
        meta.forEach((key, value) -> {
            if (key.startsWith(STATE_PREFIX)) {
                targets.put(key.substring(STATE_PREFIX.length()), Path.of(value));
            }
        });
        try {
            List<String> argv = JSON.readValue(command, new TypeReference<List<String>>() { });
            return new RestartInfo(argv, Signal.parse(meta.getOrDefault(SIGNAL, "USR1")), targets);
        } catch (JsonProcessingException e) {
            throw new UnexpectedStateException("generation " + generation.number() + " records an unreadable command: "
                    + command, e);
        }
    }
}
