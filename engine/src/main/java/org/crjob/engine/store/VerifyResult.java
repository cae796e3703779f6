package org.crjob.engine.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What re-reading a generation found: one problem per bad file, and for good files whose sha256 the manifest does
 * not have yet, how they were checked instead.
 *
 * @param problems files that do not match the manifest; the generation is good only without any
 * @param pending  good files whose hash is not recorded yet, with how far they were checked (by size and time, or
 *                 read in full)
 */
public record VerifyResult(Generation generation, List<FileNote> problems, List<FileNote> pending) {

    /** What was found about one file. */
    public record FileNote(String file, String what) {
        @Override
        public String toString() {
            return file + ": " + what;
        }
    }

    public VerifyResult {
        problems = List.copyOf(problems);
        pending = List.copyOf(pending);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** Good, but some file was not checked against a recorded sha256: the store has not hashed it yet. */
    public boolean hashPending() {
        return ok() && !pending.isEmpty();
    }

    /**
     * {@code state.dat: sha256 differs from the manifest; b.dat: missing}, {@code ok}, or for a generation still
     * waiting for its hash {@code ok (size and time match; not hashed yet: a.dmtcp, b.dmtcp)}.
     */
    public String summary() {
        if (!ok()) {
            return problems.stream().map(FileNote::toString).collect(Collectors.joining("; "));
        }
        if (pending.isEmpty()) {
            return "ok";
        }
        Map<String, List<String>> filesByNote = pending.stream().collect(Collectors.groupingBy(FileNote::what,
                LinkedHashMap::new, Collectors.mapping(FileNote::file, Collectors.toList())));
        return "ok (" + filesByNote.entrySet().stream().map(e -> e.getKey() + ": " + String.join(", ", e.getValue()))
                .collect(Collectors.joining("; ")) + ")";
    }
}
