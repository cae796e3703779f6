package org.crjob.engine.coordinator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.crjob.engine.AppSpec;
import org.crjob.engine.StopFile;
import org.crjob.engine.json.JsonMappers;
import org.crjob.failure.InvalidValueException;
import org.crjob.posix.Signal;

/** The coordinator's request arguments and replies as JSON, for both ends of the protocol. */
public final class Messages {
    public static final ObjectMapper JSON = JsonMappers.builder().build();

    private Messages() {
    }

    /** The {@code register} request: what was launched and how to checkpoint it. */
    public record Register(int pid, List<String> command, List<String> state, String signal, String doneFile,
                           long checkpointTimeoutSeconds, boolean signalGroup, Integer checkpointExitCode,
                           String stopFile, String stopFileContent, boolean signalWithStopFile) {

        public static Register of(AppSpec spec, int pid) {
            return new Register(pid, spec.command(), spec.stateFiles().stream().map(Path::toString).toList(),
                    spec.signal().name(), spec.doneFile().toString(), spec.checkpointTimeout().toSeconds(),
                    spec.signalGroup(), spec.checkpointExitCode().orElse(null),
                    spec.stopFile().map(f -> f.path().toString()).orElse(null),
                    spec.stopFile().map(StopFile::content).orElse(null), spec.sendsSignal());
        }

        public AppSpec spec() {
            return new AppSpec(command, state.stream().map(Path::of).toList(), Signal.parse(signal),
                    Path.of(doneFile), Duration.ofSeconds(checkpointTimeoutSeconds), signalGroup,
                    Optional.ofNullable(checkpointExitCode), Optional.ofNullable(stopFile)
                    .map(path -> new StopFile(Path.of(path), stopFileContent, signalWithStopFile)));
        }
    }

    /** The {@code exited} request. */
    public record Exited(int pid, int status) { }

    public static ObjectNode toJson(Object value) {
        return JSON.valueToTree(value);
    }

    public static <T> T fromJson(JsonNode node, Class<T> type) {
        try {
            return JSON.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidValueException("malformed " + type.getSimpleName() + " arguments: "
                    + e.getMessage(), e);
        }
    }
}
