package org.crjob.engine.store;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.crjob.failure.InvalidValueException;
import org.crjob.failure.UnexpectedStateException;
import org.crjob.joblog.JobLog;
import org.crjob.posix.PrivatePaths;

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

    /** Throws when this directory is missing, not a directory, or cannot be listed; the message says why. */
    void requireListable() {
        String fix = "; give the checkpoint directory with --ckpt-dir DIR (or --job JOBID for a crjob run's)";
        if (!Files.exists(dir)) {
            throw new UnexpectedStateException(dir + ": no such directory" + fix);
        }
        if (!Files.isDirectory(dir)) {
            throw new UnexpectedStateException(dir + ": not a directory" + fix);
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.iterator().hasNext();
        } catch (IOException | DirectoryIteratorException e) {
            IOException cause = e instanceof DirectoryIteratorException d ? d.getCause() : (IOException) e;
            throw new UnexpectedStateException("cannot read checkpoint directory " + dir + ": "
                    + DurableFiles.reason(cause) + "; run this as the user who owns it, or check its permissions", e);
        }
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
     * files without one by size and modification time, which makes the generation unverified at best (see
     * {@link VerifyResult#unverified()}).
     */
    public VerifyResult verify(Generation generation) {
        return GenerationCheck.verify(generation, false);
    }

    /**
     * As {@link #verify}, but files without a sha256 are read in full too, their size and time checked before and
     * after: that finds unreadable blocks and writes during the reading, which size and time alone cannot. For the
     * user's own check ({@code crjob checkpoints verify}); no hash is recorded: the store's writer does that, and
     * only for what it captured.
     */
    public VerifyResult verifyReadingEverything(Generation generation) {
        return GenerationCheck.verify(generation, true);
    }

    /**
     * The newest generation that verifies: every file matches its recorded sha256. Each one skipped costs a
     * one-line warning, e.g. {@code generation 5 fails verification (state.dat: sha256 differs from the
     * manifest); using generation 4}. Empty when there is no good generation (or none at all).
     */
    public Optional<Generation> newestVerified(JobLog log) {
        Scan scan = scan();
        List<VerifyResult> skipped = new ArrayList<>();
        Generation chosen = null;
        for (Generation generation : scan.complete()) {
            VerifyResult result = verify(generation);
            if (result.ok()) {
                chosen = generation;
                break;
            }
            skipped.add(result);
        }
        warnAboutIncomplete(scan, chosen, log);
        for (int i = 0; i < skipped.size(); i++) {
            String next;
            if (i + 1 < skipped.size()) {
                next = "trying generation " + skipped.get(i + 1).generation().number();
            } else if (chosen != null) {
                next = "using generation " + chosen.number();
            } else {
                next = "no older generation left";
            }
            log.warning("generation " + skipped.get(i).generation().number() + " " + why(skipped.get(i)) + "; "
                    + next);
        }
        return Optional.ofNullable(chosen);
    }

    /**
     * Restores the newest generation that passes its check, reading each byte once: every file is copied back and
     * hashed in the same pass ({@link #restore}), and a generation that fails (or lacks a sha256, unless
     * {@code trustUnverified}) is left for the next older one, in one line each, e.g. {@code generation 3 fails
     * verification (state.dat: sha256 differs from the manifest): not restored; trying generation 2}. Nothing of a
     * generation that failed is left at its targets.
     *
     * @param targets         where a generation's files go (file name to path), for the generation about to be
     *                        restored
     * @param trustUnverified also restore a generation whose files have no sha256 (checked by size and time only)
     * @return the generation restored; empty when none passed (or there is none)
     */
    public Optional<Generation> restoreNewest(Function<Generation, Map<String, Path>> targets, boolean trustUnverified,
                                              JobLog log) {
        return restoreNewestReporting(targets, trustUnverified, log).map(Restoration::generation);
    }

    /** As {@link #restoreNewest}, and how: whether the generation restored verified, which were passed over. */
    public Optional<Restoration> restoreNewestReporting(Function<Generation, Map<String, Path>> targets,
                                                        boolean trustUnverified, JobLog log) {
        long started = System.nanoTime();
        Scan scan = scan();
        List<Generation> all = scan.complete();
        List<Integer> passedOver = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Generation generation = all.get(i);
            String refused = refusal(generation, trustUnverified, log);
            if (refused == null) {
                try {
                    restore(generation, targets.apply(generation));
                    warnAboutIncomplete(scan, generation, log);
                    boolean verified = generation.files().stream().allMatch(StoredFile::hashed);
                    return Optional.of(new Restoration(generation, verified, passedOver,
                            Duration.ofNanos(System.nanoTime() - started)));
                } catch (GenerationMismatchException e) {
                    refused = "fails verification (" + e.reason() + "): not restored";
                }
            }
            passedOver.add(generation.number());
            log.warning("generation " + generation.number() + " " + refused + "; " + (i + 1 < all.size()
                    ? "trying generation " + all.get(i + 1).number() : "no older generation left"));
        }
        warnAboutIncomplete(scan, null, log);
        return Optional.empty();
    }

    /** Why {@code generation} is not even tried (missing files, sizes, no sha256 when not trusted); null to try it. */
    private static String refusal(Generation generation, boolean trustUnverified, JobLog log) {
        String problems = GenerationCheck.quickProblems(generation);
        if (problems != null) {
            return "fails verification (" + problems + ")";
        }
        List<String> unhashed = generation.files().stream().filter(f -> !f.hashed()).map(StoredFile::name).toList();
        if (unhashed.isEmpty()) {
            return null;
        }
        String what = "is unverified (no sha256 recorded for " + String.join(", ", unhashed)
                + ": the run that stored it ended before hashing it)";
        if (!trustUnverified) {
            return what + "; --trust-unverified would restore it";
        }
        log.warning("generation " + generation.number() + " " + what + "; restoring it as --trust-unverified asks,"
                + " checked by size and time only");
        return null;
    }

    private static String why(VerifyResult skipped) {
        return skipped.failed() ? "fails verification (" + skipped.summary() + ")" : "is " + skipped.summary();
    }

    /** One line for each {@code gen-*} directory newer than {@code used} that does not count. */
    private static void warnAboutIncomplete(Scan scan, Generation used, JobLog log) {
        int usedNumber = used == null ? 0 : used.number();
        for (IncompleteGeneration skipped : scan.incomplete()) {
            if (skipped.number() > usedNumber) {
                log.warning(skipped.dir().getFileName() + " is not a complete generation (" + skipped.reason()
                        + "); ignored");
            }
        }
    }

    /**
     * Copies files of {@code generation} back to where the application reads them. Every file is first copied
     * next to its target under a temporary name, hashed as it is copied, and checked against the manifest (a file
     * without a sha256 by its size and time before and after); only when all are good does each replace its target
     * by one atomic rename. So a target holds either its old content or the stored one, never part of it, and a
     * bad generation restores nothing. Always a copy, never a link: the application will rewrite these files, and
     * must not rewrite the generation with them.
     *
     * @param targets file name in the generation → path to restore it to (a symbolic link there is
     *                followed, so the file it points at is replaced)
     * @throws GenerationMismatchException when a stored file is not what its manifest says, or cannot be read
     */
    public void restore(Generation generation, Map<String, Path> targets) {
        Map<String, StoredFile> stored = generation.files().stream()
                .collect(Collectors.toMap(StoredFile::name, Function.identity()));
        for (String name : targets.keySet()) {
            if (!stored.containsKey(name)) {
                throw new InvalidValueException("generation " + generation.number() + " has no file '" + name
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
                copyChecked(generation, stored.get(name), temp);
                if (Files.exists(target)) {
                    // the application's file keeps its permissions; ours would be the umask's
                    Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
                }
            }
            name = "the files";
            DurableFiles.fsyncAll(staged.stream().map(Staged::temp).toList());
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

    /** Copies one stored file to {@code temp}, checking it against the manifest in the same read. */
    private static void copyChecked(Generation generation, StoredFile expected, Path temp) throws IOException {
        Path source = generation.file(expected.name());
        String mismatch;
        try {
            FileStamp before = stampOfStored(source);
            DurableFiles.Content copied = DurableFiles.copyAndHash(source, temp);
            mismatch = GenerationCheck.copyMismatch(expected, copied, before, stampOfStored(source));
        } catch (DurableFiles.UnreadableSource e) {
            mismatch = e.getCause() instanceof NoSuchFileException ? "missing" : "cannot be read: " + e.getMessage();
        }
        if (mismatch != null) {
            throw new GenerationMismatchException(generation, expected.name() + ": " + mismatch);
        }
    }

    /** A stored file's stamp; failing to take it is a problem of the generation, not of the restore's target. */
    private static FileStamp stampOfStored(Path stored) throws DurableFiles.UnreadableSource {
        try {
            return FileStamp.of(stored);
        } catch (IOException e) {
            throw new DurableFiles.UnreadableSource(e);
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
        if (!Files.isDirectory(dir) || !requireOwnAndPrivate(dir)) {
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
                if (!requireOwnAndPrivate(entry)) {
                    continue; // pruned since the listing
                }
                if (!Files.exists(manifestFile)) {
                    incomplete.add(new IncompleteGeneration(number, entry, "no " + Manifest.FILE_NAME
                            + ": a checkpoint that never completed, or a partial copy of one"));
                    continue;
                }
                if (!requireOwnAndPrivate(manifestFile)) {
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

    /**
     * Refuses a store, generation or manifest that another user could have written: a restore puts its files back
     * and a restart may run the command its manifest records (issue 18). The store may be a link to a directory
     * of the user's own; what is inside it may not be a link.
     *
     * @return false when {@code path} is gone (a generation the writer pruned since the listing)
     */
    private boolean requireOwnAndPrivate(Path path) {
        try {
            Path checked = path.equals(dir) ? dir.toRealPath() : path;
            Optional<String> why = PrivatePaths.whyNotPrivate(checked);
            if (why.isPresent()) {
                throw new UnexpectedStateException((path.equals(dir) ? "checkpoint directory " : "") + path + " "
                        + why.get() + "; crjob restores from, and runs commands recorded in, no such checkpoint");
            }
            return true;
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException e) {
            throw new CheckpointStoreException("cannot check who owns " + path + ": " + DurableFiles.reason(e), e);
        }
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
