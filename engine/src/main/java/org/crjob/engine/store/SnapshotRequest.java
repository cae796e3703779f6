package org.crjob.engine.store;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.crjob.failure.InvalidValueException;

/**
 * What to store as the next generation: the files, how to capture them, and what the manifest
 * records about the checkpoint that produced them.
 *
 * @param engine the checkpoint engine that wrote the files, e.g. {@code dmtcp} or {@code signal}
 * @param mode   link where possible, or always copy (see {@link CaptureMode}); a file's own mode,
 *               if it has one, comes first
 * @param files  at least one; names unique
 * @param took   how long the engine took to write the files (the store's own time is recorded apart)
 * @param meta   anything else worth keeping with the generation, e.g. the job id
 */
public record SnapshotRequest(String engine, CaptureMode mode, List<Capture> files, Duration took,
        Map<String, String> meta) {

    public SnapshotRequest {
        if (engine == null || engine.isBlank()) {
            throw new IllegalArgumentException("a snapshot needs the name of the engine that wrote it, got '"
                    + engine + "'");
        }
        Objects.requireNonNull(mode, "mode");
        files = List.copyOf(files);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("a snapshot needs at least one file; the " + engine
                    + " engine declared none");
        }
        Set<String> seen = new HashSet<>();
        for (Capture capture : files) {
            if (!seen.add(capture.name())) {
                throw new InvalidValueException("two files would both be stored as '" + capture.name()
                        + "' in one generation; give each its own name");
            }
        }
        Objects.requireNonNull(took, "took");
        if (took.isNegative()) {
            throw new IllegalArgumentException("a checkpoint cannot take negative time, got " + took);
        }
        meta = Map.copyOf(meta);
    }

    public static SnapshotRequest of(String engine, CaptureMode mode, List<Capture> files, Duration took) {
        return new SnapshotRequest(engine, mode, files, took, Map.of());
    }

    public SnapshotRequest withMeta(Map<String, String> newMeta) {
        return new SnapshotRequest(engine, mode, files, took, newMeta);
    }
}
