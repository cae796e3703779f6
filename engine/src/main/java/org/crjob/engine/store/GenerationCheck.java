package org.crjob.engine.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crjob.engine.store.VerifyResult.FileNote;

/**
 * Compares the files of a generation with its manifest. A file with a sha256 is read in full and hashed. A file
 * without one cannot be verified; it has no problem as long as its size and modification time are the ones the
 * commit recorded (any write since would have moved the time, see {@link CommitTimes}), and its generation is then
 * unverified rather than failed.
 */
final class GenerationCheck {

    static final String BY_SIZE_AND_TIME = "size and time as committed";
    static final String READ_IN_FULL = "read in full, size and time as committed";

    private GenerationCheck() {
    }

    /**
     * @param readUnhashed also read every file without a sha256 (size and time checked before and after), as the
     *                     user's {@code crjob checkpoints verify} does; without it they are checked by size and time
     */
    static VerifyResult verify(Generation generation, boolean readUnhashed) {
        List<FileNote> problems = new ArrayList<>();
        List<FileNote> unhashed = new ArrayList<>();
        for (StoredFile expected : generation.files()) {
            Path file = generation.file(expected.name());
            try {
                String problem = problem(file, expected, true);
                if (problem == null && !expected.hashed() && readUnhashed) {
                    FileStamp.Hashed read = FileStamp.hashIfUnchanged(file, expected.stamp());
                    problem = read.sha256() != null ? null : changed(read.change());
                }
                if (problem == null && !expected.hashed()) {
                    unhashed.add(new FileNote(expected.name(), readUnhashed ? READ_IN_FULL : BY_SIZE_AND_TIME));
                }
                if (problem != null) {
                    problems.add(new FileNote(expected.name(), problem));
                }
            } catch (IOException e) {
                problems.add(new FileNote(expected.name(), "cannot be read: " + DurableFiles.reason(e)));
            }
        }
        return new VerifyResult(generation, problems, problems.isEmpty() ? unhashed : List.of());
    }

    /**
     * What a look at each file, without reading any, finds wrong with {@code generation} (missing files, sizes, the
     * times of files without a sha256), as {@code state.dat: missing}; null if nothing. A restore reads the rest.
     */
    static String quickProblems(Generation generation) {
        List<FileNote> problems = new ArrayList<>();
        for (StoredFile expected : generation.files()) {
            try {
                String problem = problem(generation.file(expected.name()), expected, false);
                if (problem != null) {
                    problems.add(new FileNote(expected.name(), problem));
                }
            } catch (IOException e) {
                problems.add(new FileNote(expected.name(), "cannot be read: " + DurableFiles.reason(e)));
            }
        }
        return problems.isEmpty() ? null : new VerifyResult(generation, problems, List.of()).summary();
    }

    /** What is wrong with {@code file}, hashing it when it has a recorded hash and {@code hashing}; null if nothing. */
    private static String problem(Path file, StoredFile expected, boolean hashing) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return "missing";
        }
        FileStamp now = FileStamp.of(file);
        if (now.size() != expected.size()) {
            // no need to hash: the size alone says it is not what was stored
            return sizeDiffers(now.size(), expected);
        }
        if (expected.hashed()) {
            return !hashing || DurableFiles.hash(file).sha256().equals(expected.sha256()) ? null
                    : "sha256 differs from the manifest";
        }
        String difference = now.differenceFrom(expected.stamp());
        return difference == null ? null : changed(difference);
    }

    /**
     * What is wrong with a copy made of a stored file for a restore, checked on the bytes as they were copied (a
     * sha256), or for a file without one by its size and time before and after; null if nothing.
     *
     * @param before the stored file's stamp before it was copied (used for a file whose hash is pending)
     * @param after  the same, after it was copied
     */
    static String copyMismatch(StoredFile expected, DurableFiles.Content copied, FileStamp before, FileStamp after) {
        if (copied.size() != expected.size()) {
            return sizeDiffers(copied.size(), expected);
        }
        if (expected.hashed()) {
            return copied.sha256().equals(expected.sha256()) ? null : "sha256 differs from the manifest";
        }
        String difference = before.differenceFrom(expected.stamp());
        return difference != null ? changed(difference) : after.differenceFrom(expected.stamp()) == null ? null
                : changed("it changed while being copied");
    }

    private static String sizeDiffers(long size, StoredFile expected) {
        return "size is " + size + " bytes, the manifest says " + expected.size();
    }

    private static String changed(String how) {
        return "changed after the commit, and has no sha256: " + how;
    }
}
