package org.crjob.engine.store;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What re-reading a generation found: one problem per bad file, and the good files that have no sha256 to check them
 * by (only their size and time).
 *
 * @param problems files that do not match the manifest; the generation fails with any
 * @param unhashed files without a problem but without a recorded sha256, with how far they were checked (by size and
 *                 time, or read in full): the store's writer has not hashed them yet, or never did (it ended first,
 *                 or the file changed after its capture). Their generation is unverified: nothing ties their content
 *                 to what was captured
 */
public record VerifyResult(Generation generation, List<FileNote> problems, List<FileNote> unhashed) {

    /** What was found about one file. */
    public record FileNote(String file, String what) {
        @Override
        public String toString() {
            return file + ": " + what;
        }
    }

    public VerifyResult {
        problems = List.copyOf(problems);
        unhashed = List.copyOf(unhashed);
    }

    /** Every file matches its recorded sha256: a restart may use this generation. */
    public boolean ok() {
        return problems.isEmpty() && unhashed.isEmpty();
    }

    /** Some file does not match the manifest: never used. */
    public boolean failed() {
        return !problems.isEmpty();
    }

    /** No file fails, but some have no sha256: used by a restart only when the user trusts it (--trust-unverified). */
    public boolean unverified() {
        return problems.isEmpty() && !unhashed.isEmpty();
    }

    /**
     * {@code state.dat: sha256 differs from the manifest; b.dat: missing}, {@code ok}, or for a generation without
     * every hash {@code unverified: no sha256 recorded for ckpt_a.dmtcp (size and time as committed)}.
     */
    public String summary() {
        if (failed()) {
            return problems.stream().map(FileNote::toString).collect(Collectors.joining("; "));
        }
        if (ok()) {
            return "ok";
        }
        return "unverified: no sha256 recorded for " + unhashed.stream().map(FileNote::file)
                .collect(Collectors.joining(", ")) + " (" + unhashed.get(0).what() + ")";
    }
}
