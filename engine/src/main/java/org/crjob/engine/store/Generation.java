package org.crjob.engine.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A complete generation: a {@code gen-NNNNNN} directory whose manifest is in place. */
public record Generation(int number, Path dir, Manifest manifest) {

    public Generation {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(manifest, "manifest");
    }

    /** {@code gen-000042} for 42; wider once the numbers outgrow six digits. */
    public static String dirName(int number) {
        return String.format("gen-%06d", number);
    }

    public Path file(String name) {
        return dir.resolve(Manifest.checkFileName(name));
    }

    public List<StoredFile> files() {
        return manifest.files();
    }

    public long totalBytes() {
        return manifest.totalBytes();
    }

    public Instant created() {
        return manifest.created();
    }

    public String engine() {
        return manifest.engine();
    }
}
