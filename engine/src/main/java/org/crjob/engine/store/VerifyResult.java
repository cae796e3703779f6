package org.crjob.engine.store;

import java.util.List;
import java.util.stream.Collectors;

/** What re-reading a generation found: nothing wrong, or one problem per bad file. */
public record VerifyResult(Generation generation, List<Problem> problems) {

    /** One file that does not match the manifest. */
    public record Problem(String file, String what) {
        @Override
        public String toString() {
            return file + ": " + what;
        }
    }

    public VerifyResult {
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** {@code state.dat: sha256 differs from the manifest; b.dat: missing}, or {@code ok}. */
    public String summary() {
        return ok() ? "ok" : problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
    }
}
