package org.crjob.engine.store;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a checkpoint directory: lists its generations, verifies them, restores from them. Needs no
 * lock: the writer only ever renames whole directories into and out of place, so a reader sees a
 * generation complete or not at all (a generation pruned while it is being verified shows up as
 * missing files).
 */
public class StoreReader {

    static final String LATEST = "latest";
    private static final Pattern GENERATION_DIR = Pattern.compile("gen-(\\d{6,9})");

    final Path dir;

    StoreReader(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    /** Complete generations, newest first. Empty when the directory does not exist yet. */
    public List<Generation> generations() {
        return scan().complete();
    }

    /** {@code gen-*} directories that do not count, newest first: no manifest, or an unreadable one. */
    public List<IncompleteGeneration> incomplete() {
        return scan().incomplete();
    }

    /** The generation {@code latest} points at, if it points at a complete one. */
    public Optional<Generation> latest() {
        Path link = dir.resolve(LATEST);
        if (!Files.isSymbolicLink(link)) {
            return Optional.empty();
        }
        String target;
        try {
            target = Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return Optional.empty();
        }
        return generations().stream().filter(g -> g.dir().getFileName().toString().equals(target)).findFirst();
    }

    /**
     * Compares every file of {@code generation} with the manifest: files with a sha256 are read in full and hashed;
     * files whose hash is still pending (the store hashes after the commit) by size and modification time, which
     * is what a restart relies on until the hash is recorded (the result says so, see
     * {@link VerifyResult#hashPending()}).
     */
    public VerifyResult verify(Generation generation) {
        return GenerationCheck.verify(generation, false);
    }

    /**
     * As {@link #verify}, but files whose hash is pending are read in full too, their size and time checked before
     * and after: that finds unreadable blocks and writes during the reading, which size and time alone cannot. For
     * the user's own check ({@code crjob checkpoints verify}); the hash is not recorded, the store's writer does that.
     */
    public VerifyResult verifyReadingEverything(Generation generation) {
        return GenerationCheck.verify(generation, true);
    }

    /**
     * The generation a restart should use: the newest one that verifies. Each one skipped costs a
     * one-line warning, e.g. {@code generation 5 fails verification (state.dat: sha256 differs from the
     * manifest); using generation 4}. Empty when there is no good generation (or none at all).
     */
    public Optional<Generation> newestVerified(Consumer<String> warnings) {
        Scan scan = scan();
        List<VerifyResult> failed = new ArrayList<>();
        Generation chosen = null;
        for (Generation generation : scan.complete()) {
            VerifyResult result = verify(generation);
            if (result.ok()) {
                chosen = generation;
                break;
            }
            failed.add(result);
        }
        int usedNumber = chosen == null ? 0 : chosen.number();
        for (IncompleteGeneration skipped : scan.incomplete()) {
            if (skipped.number() > usedNumber) {
                warnings.accept(skipped.dir().getFileName() + " is not a complete generation (" + skipped.reason()
                        + "); ignored");
            }
        }
        for (int i = 0; i < failed.size(); i++) {
            String next;
            if (i + 1 < failed.size()) {
                next = "trying generation " + failed.get(i + 1).generation().number();
            } else if (chosen != null) {
                next = "using generation " + chosen.number();
            } else {
                next = "no older generation left";
            }
            warnings.accept("generation " + failed.get(i).generation().number() + " fails verification ("
                    + failed.get(i).summary() + "); " + next);
        }
        return Optional.ofNullable(chosen);
    }

    /**
     * Copies files of {@code generation} back to where the application reads them. Every file is
     * first copied next to its target under a temporary name and checked against the manifest; only
     * when all are good does each replace its target by one atomic rename. So a target holds either
     * its old content or the stored one, never part of it, and a bad generation restores nothing.
     * Always a copy, never a link: the application will rewrite these files, and must not rewrite the
     * generation with them.
     *
     * @param targets file name in the generation → path to restore it to (a symbolic link there is
     *                followed, so the file it points at is replaced)
     */
    public void restore(Generation generation, Map<String, Path> targets) {
        Map<String, StoredFile> stored = generation.files().stream()
                .collect(Collectors.toMap(StoredFile::name, Function.identity()));
        for (String name : targets.keySet()) {
            if (!stored.containsKey(name)) {
                throw new IllegalArgumentException("generation " + generation.number() + " has no file '" + name
                        + "'; it has: " + String.join(", ", stored.keySet()));
            }
        }
        record Staged(String name, Path temp, Path target) {
        }
        List<Staged> staged = new ArrayList<>();
        String name = null;
        try {
            for (Map.Entry<String, Path> entry : targets.entrySet()) {
                name = entry.getKey();
                Path target = followLink(entry.getValue().toAbsolutePath());
                Files.createDirectories(target.getParent());
                Path temp = target.resolveSibling("." + target.getFileName() + ".crjob-restore-"
                        + DurableFiles.randomSuffix());
                staged.add(new Staged(name, temp, target));
                Path source = generation.file(name);
                FileStamp before = FileStamp.of(source);
                DurableFiles.Content copied = DurableFiles.copyAndHash(source, temp);
                String mismatch = GenerationCheck.copyMismatch(stored.get(name), copied, before, FileStamp.of(source));
                if (mismatch != null) {
                    throw new CheckpointStoreException("generation " + generation.number() + ": " + name
                            + " does not match its manifest (" + mismatch
                            + "), so nothing was restored; restore from an older generation"
                            + " (crjob checkpoints verify shows which are good)");
                }
                if (Files.exists(target)) {
                    // the application's file keeps its permissions; ours would be the umask's
                    Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
                }
            }
        } catch (IOException e) {
            deleteQuietly(staged.stream().map(Staged::temp).toList());
            throw new CheckpointStoreException("cannot restore " + name + " from generation " + generation.number()
                    + ": " + DurableFiles.describe(e) + "; nothing was restored", e);
        } catch (RuntimeException e) {
            deleteQuietly(staged.stream().map(Staged::temp).toList());
            throw e;
        }
        List<String> done = new ArrayList<>();
        Set<Path> parents = new LinkedHashSet<>();
        for (int i = 0; i < staged.size(); i++) {
            Staged s = staged.get(i);
            try {
                Files.move(s.temp(), s.target(), ATOMIC_MOVE);
                done.add(s.name());
                parents.add(s.target().getParent());
            } catch (IOException e) {
                deleteQuietly(staged.subList(i, staged.size()).stream().map(Staged::temp).toList());
                throw new CheckpointStoreException("cannot put the restored " + s.name() + " in place at "
                        + s.target() + ": " + DurableFiles.reason(e) + "; restored so far: "
                        + (done.isEmpty() ? "none" : String.join(", ", done))
                        + "; run the restore again once that is fixed", e);
            }
        }
        for (Path parent : parents) {
            try {
                DurableFiles.fsyncDirectory(parent);
            } catch (IOException e) {
                throw new CheckpointStoreException("restored generation " + generation.number()
                        + ", but cannot sync directory " + parent + ": " + DurableFiles.reason(e), e);
            }
        }
    }

    /** What the directory holds now. */
    record Scan(List<Generation> complete, List<IncompleteGeneration> incomplete) {

        /** The highest number any {@code gen-*} directory has, complete or not; 0 for none. */
        int highestNumber() {
            int complete = this.complete.isEmpty() ? 0 : this.complete.get(0).number();
            int incomplete = this.incomplete.isEmpty() ? 0 : this.incomplete.get(0).number();
            return Math.max(complete, incomplete);
        }
    }

    Scan scan() {
        List<Generation> complete = new ArrayList<>();
        List<IncompleteGeneration> incomplete = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new Scan(complete, incomplete);
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "gen-*")) {
            for (Path entry : entries) {
                Matcher m = GENERATION_DIR.matcher(entry.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                int number = Integer.parseInt(m.group(1));
                if (!Files.isDirectory(entry)) {
                    incomplete.add(new IncompleteGeneration(number, entry, "not a directory"));
                    continue;
                }
                Path manifestFile = entry.resolve(Manifest.FILE_NAME);
                if (!Files.exists(manifestFile)) {
                    incomplete.add(new IncompleteGeneration(number, entry, "no " + Manifest.FILE_NAME
                            + ": a checkpoint that never completed, or a partial copy of one"));
                    continue;
                }
                Manifest manifest;
                try {
                    manifest = Manifest.read(manifestFile);
                } catch (IOException e) {
                    incomplete.add(new IncompleteGeneration(number, entry, Manifest.FILE_NAME + " cannot be read: "
                            + firstLine(e.getMessage())));
                    continue;
                }
                if (manifest.generation() != number) {
                    incomplete.add(new IncompleteGeneration(number, entry, Manifest.FILE_NAME + " belongs to generation "
                            + manifest.generation() + ": was the directory renamed by hand?"));
                    continue;
                }
                complete.add(new Generation(number, entry, manifest));
            }
        } catch (IOException e) {
            throw new CheckpointStoreException("cannot list checkpoint directory " + dir + ": "
                    + DurableFiles.reason(e), e);
        }
        complete.sort(Comparator.comparingInt(Generation::number).reversed());
        incomplete.sort(Comparator.comparingInt(IncompleteGeneration::number).reversed());
        return new Scan(List.copyOf(complete), List.copyOf(incomplete));
    }

    private static Path followLink(Path target) {
        if (Files.isSymbolicLink(target)) {
            try {
                return target.toRealPath();
            } catch (IOException dangling) {
                // nothing to follow: the rename replaces the link itself
            }
        }
        return target;
    }

    static void deleteQuietly(List<Path> paths) {
        for (Path path : paths) {
            try {
                DurableFiles.deleteTree(path);
            } catch (IOException ignored) {
                // best effort on a path that is already failing; the leftover has a temporary name
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
