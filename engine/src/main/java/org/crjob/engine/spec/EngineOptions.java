package org.crjob.engine.spec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.crjob.engine.EngineKind;
import org.crjob.posix.Signal;

/**
 * {@code engine-options}: what each checkpoint engine takes. The signal engine: {@code save-signal} (what asks
 * the application to save; null when not given: USR1, or none with a {@code stop-file}) and
 * {@code checkpoint-timeout} (how long it may take, default 300 s).
 * The dmtcp engine: {@code gzip} (compressed images, default true).
 */
record EngineOptions(Signal saveSignal, Duration checkpointTimeout, boolean gzip) {
    private static final Map<String, List<String>> ALLOWED = Map.of(
            EngineKind.SIGNAL.id(), List.of("save-signal", "checkpoint-timeout"),
            EngineKind.DMTCP.id(), List.of("gzip"));

    static EngineOptions read(String engine, YamlNode.Mapping options) {
        Signal saveSignal = null;
        Duration timeout = Duration.ofSeconds(300);
        boolean gzip = true;
        if (options == null) {
            return new EngineOptions(saveSignal, timeout, gzip);
        }
        List<String> allowed = ALLOWED.get(engine);
        for (var entry : options.entries().entrySet()) {
            String key = "engine-options." + entry.getKey();
            YamlNode value = entry.getValue().value();
            if (!allowed.contains(entry.getKey())) {
                throw new JobSpecException(entry.getValue().keyLocation(), "'" + entry.getKey() + "' is not an option"
                        + " of the " + engine + " engine; allowed: " + String.join(", ", allowed));
            }
            if (value instanceof YamlNode.Null) {
                continue;
            }
            switch (entry.getKey()) {
                case "save-signal" -> saveSignal = Values.signal(key, value);
                case "checkpoint-timeout" -> timeout = positive(key, value);
                default -> gzip = Values.bool(key, value);
            }
        }
        return new EngineOptions(saveSignal, timeout, gzip);
    }

    private static Duration positive(String key, YamlNode value) {
        Duration seconds = Values.seconds(key, value);
        if (seconds.isZero()) {
            throw new JobSpecException(value.location(), key + ": 0 s leaves the application no time to save; give"
                    + " the seconds it may take, e.g. 300");
        }
        return seconds;
    }
}
