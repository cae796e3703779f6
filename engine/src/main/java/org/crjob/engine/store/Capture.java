package org.crjob.engine.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One file to put in a generation: where it is now, the plain file name it gets inside the
 * generation (which is also the key {@link StoreReader#restore} takes), and optionally a capture
 * mode of its own.
 *
 * @param mode null to follow the request's mode; {@link CaptureMode#COPY} for a file that is
 *             rewritten in place even though its neighbours are not (see {@link #copied()})
 */
public record Capture(Path source, String name, CaptureMode mode) {

    public Capture {
        Objects.requireNonNull(source, "source");
        Manifest.checkFileName(name);
    }

    /** Captured as the request says. */
    public Capture(Path source, String name) {
        this(source, name, null);
    }

    /** Captures {@code source} under its own file name, as the request says. */
    public static Capture of(Path source) {
        return new Capture(source, source.getFileName().toString());
    }

    /**
     * This file always copied, whatever the request says. For example DMTCP writes each image
     * fresh (safe to link) but rewrites its restart script under the same name at every checkpoint.
     */
    public Capture copied() {
        return new Capture(source, name, CaptureMode.COPY);
    }

    CaptureMode modeWithin(SnapshotRequest request) {
        return mode != null ? mode : request.mode();
    }
}
