package org.crjob.engine.store;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.crjob.concurrent.Deadline;
import org.crjob.concurrent.Poll;
import org.crjob.failure.InvalidValueException;
import org.crjob.joblog.JobLog;
import org.crjob.posix.PrivatePaths;

/**
 * A checkpoint directory opened for writing: generations {@code gen-000001/ ...}, each with a
 * {@code MANIFEST.json}, and {@code latest} pointing at the newest.
 *
 * <p>What keeps checkpoints safe:
 * <ul>
 * <li>A generation is assembled in a hidden {@code .staging-*} directory, its files and manifest
 * fsynced, and only then renamed to {@code gen-NNNNNN}: a reader sees all of it or nothing. A
 * {@code gen-*} directory without a manifest never counts.</li>
 * <li>A commit records each file's size and modification time and returns once the generation is durable and
 * {@code latest} points at it; it does not read the files back. The sha256 of each file is added to the manifest
 * afterwards by a background thread ({@link GenerationHasher}), and only if the file still has the recorded size
 * and time before and after it is read. Until then a file counts as unchanged while its size and time are the
 * recorded ones; the commit makes sure any later write would change the time ({@link CommitTimes}). A file
 * rewritten after the commit (a hard-linked file the application writes in place) makes its generation fail
 * verification, so a restart uses an older one, and a warning says so. {@link #close} waits for the hashes still
 * pending ({@link #finishHashing} does so without closing): a hash can be tied to its capture only while the
 * store's writer holds the directory, so none is ever recorded after it, and a generation left without one is
 * unverified.</li>
 * <li>{@code latest} is a relative symbolic link replaced by one rename.</li>
 * <li>Old generations are pruned only after the new one is in place, and the newest one that
 * verifies is never pruned.</li>
 * <li>One writer per directory: {@link #open} takes an exclusive lock, released by {@link #close}
 * or by the process ending.</li>
 * </ul>
 * Within one process, {@link #commit} and {@link #prune} may be called from any thread; they take turns.
 */
public final class CheckpointStore extends StoreReader implements AutoCloseable {

    public static final int DEFAULT_KEEP = 2;
    public static final Path DEFAULT_DIR = Path.of("crjob.ckpt");

    static final String STAGING_PREFIX = ".staging-";
    static final String TRASH_PREFIX = ".trash-";
    static final String LATEST_TEMP_PREFIX = ".latest-";
    /** How often {@link #openWaiting} tries the lock again. */
    private static final Poll LOCK_POLL = Poll.every(Duration.ofMillis(250));

    private final StoreLock lock;
    private final int keep;
    private final JobLog log;
    private final GenerationHasher hasher;
    /** The inodes this store captured, for {@link CaptureMode#LINK_IF_RENAMED}. */
    private final CapturedFiles captured = new CapturedFiles();
    /** No more commits: set as {@link #close} begins, before it waits for the hasher. */
    private boolean closing;
    /** The lock is released: nothing is recorded any more. */
    private boolean closed;

    private CheckpointStore(Path dir, StoreLock lock, int keep, JobLog log,
                            GenerationHasher.Pause pause) {
        super(dir);
        this.lock = lock;
        this.keep = keep;
        this.log = log;
        this.hasher = new GenerationHasher(dir.toString(), this::record, pause);
    }

    /** A read-only view for listing, verifying and restoring; takes no lock, creates nothing. */
    public static StoreReader read(Path dir) {
        return new StoreReader(dir);
    }

    /**
     * As {@link #read}, for a directory a user named to look at: one that is missing, is not a directory or cannot be
     * listed is an error that says why, not an empty store.
     */
    public static StoreReader readExisting(Path dir) {
        StoreReader reader = new StoreReader(dir);
        reader.requireListable();
        return reader;
    }

    /**
     * Opens {@code dir} for writing, keeping {@value #DEFAULT_KEEP} generations, with warnings in {@code log}.
     *
     * @param owner who this is, for the message another job gets when refused, e.g.
     *              {@code job 123 on host nid001 pid 4567}
     */
    public static CheckpointStore open(Path dir, String owner, JobLog log) {
        return open(dir, owner, DEFAULT_KEEP, log);
    }

    /**
     * As {@link #open(Path, String, int, JobLog)}, waiting up to {@code patience} for another holder to let go:
     * the coordinator of a job that has just ended (a restart job submitted with {@code -d afterany:} starts
     * while the previous job's coordinator, which notices its job's end within seconds, is still stopping).
     *
     * @throws StoreLockedException when the directory is still held after {@code patience}
     */
    public static CheckpointStore openWaiting(Path dir, String owner, int keep, JobLog log,
                                              Duration patience) {
        Deadline deadline = LOCK_POLL.deadline(patience);
        boolean said = false;
        while (true) {
            try {
                return open(dir, owner, keep, log);
            } catch (StoreLockedException e) {
                if (deadline.passed()) {
                    throw e;
                }
                if (!said) {
                    log.warning(e.getMessage().replaceFirst(": two jobs.*", "") + "; waiting up to "
                            + patience.toSeconds() + " s for it to end");
                    said = true;
                }
                try {
                    LOCK_POLL.pause();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * Opens {@code dir} for writing: creates it if needed, takes its lock, removes what an
     * interrupted commit or prune left behind, and points {@code latest} at the newest generation.
     *
     * @param keep     how many complete generations each commit leaves; at least 1
     * @param log      receives a warning for each thing worth telling the user that does not stop the store
     * @throws StoreLockedException when another job holds the directory
     */
    public static CheckpointStore open(Path dir, String owner, int keep, JobLog log) {
        return open(dir, owner, keep, log, GenerationHasher.Pause.NONE);
    }

    /** As {@link #open(Path, String, int, JobLog)}, with a place where tests can hold the background hasher. */
    static CheckpointStore open(Path dir, String owner, int keep, JobLog log,
                                GenerationHasher.Pause pause) {
        checkKeep(keep);
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("a checkpoint store needs an owner to name in its lock file, got '"
                    + owner + "'");
        }
        Objects.requireNonNull(log, "log");
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            PrivatePaths.createDirectories(absolute, "checkpoint directory");
        } catch (IOException e) {
            throw new CheckpointStoreException("cannot create checkpoint directory " + absolute + ": "
                    + DurableFiles.describe(e) + "; choose a writable --ckpt-dir", e);
        }
        StoreLock lock = StoreLock.acquire(absolute, owner.replaceAll("\\s+", " ").strip(), log);
        CheckpointStore store = new CheckpointStore(absolute, lock, keep, log, pause);
        try {
            // generations an earlier writer left without a hash are not hashed now: what is on disk can no longer
            // be tied to what was captured, so they stay unverified
            store.recover();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    public int keep() {
        return keep;
    }

    /**
     * Stores the request's files as the next generation, points {@code latest} at it, then prunes
     * generations beyond {@link #keep()}. On failure nothing of the new generation remains and the
     * previous one is untouched and still latest; the message says which file failed. Returns once the
     * generation is durable and latest; its sha256 hashes are recorded later (see the class comment).
     */
    public synchronized Generation commit(SnapshotRequest request) {
        ensureOpen();
        long started = System.nanoTime();
        Scan before = scan();
        // monotonic: above every gen-* directory, complete or not, so the rename never meets one
        int number = before.highestNumber() + 1;
        String previous = before.complete().isEmpty()
                ? "there was no earlier generation"
                : "generation " + before.complete().get(0).number() + " is intact and still the latest";
        Path staging = dir.resolve(STAGING_PREFIX + number + "-" + DurableFiles.randomSuffix());
        Path target = dir.resolve(Generation.dirName(number));
        String step = "creating " + staging;
        Manifest manifest;
        try {
            Files.createDirectory(staging, PosixFilePermissions.asFileAttribute(PrivatePaths.DIR));
            List<StoredFile> files = new ArrayList<>();
            for (Capture capture : request.files()) {
                step = "capturing " + capture.name() + " from " + capture.source();
                files.add(capture(capture, staging, capture.modeWithin(request)));
            }
            step = "syncing the files captured in " + staging;
            // all at once, after the capture: one by one, each fsync waits for its own flush of the disk's cache
            DurableFiles.fsyncAll(request.files().stream().map(c -> staging.resolve(c.name())).toList());
            step = "writing " + Manifest.FILE_NAME + " in " + staging;
            manifest = CommitTimes.settle(staging, new Manifest(Manifest.FORMAT, number, Instant.now(),
                    request.engine(), seconds(request.took()), seconds(Duration.ofNanos(System.nanoTime() - started)),
                    0, files, request.meta()));
            step = "renaming " + staging.getFileName() + " to " + target.getFileName();
            Files.move(staging, target, ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(List.of(staging));
            String why = e instanceof IOException io ? DurableFiles.reason(io) : e.getMessage();
            boolean full = why != null && why.contains("No space left");
            throw new CheckpointStoreException("checkpoint not stored: " + step + " failed: " + why + "; " + previous
                    + (full ? "; free space in " + dir + ", or give --ckpt-dir a file system with room" : ""), e);
        }
        Generation generation = new Generation(number, target, manifest);
        step = "syncing " + dir;
        try {
            DurableFiles.fsyncDirectory(dir);
            step = "pointing " + LATEST + " at it";
            pointLatestAt(generation);
        } catch (IOException e) {
            throw new CheckpointStoreException("generation " + number + " is complete in " + target + ", but "
                    + step + " failed: " + DurableFiles.reason(e)
                    + "; a restart still finds it, since restarts read the generations, not " + LATEST, e);
        }
        // the new generation's files were stamped from the stored files a moment ago: it is the newest good one,
        // and within the newest `keep`, so plain counting is enough here
        List<Generation> all = generations();
        try {
            remove(all.subList(Math.min(keep, all.size()), all.size()));
        } catch (CheckpointStoreException e) {
            log.warning("generation " + number + " stored, but " + e.getMessage());
        }
        hasher.queue(generation);
        return generation;
    }

    /**
     * Deletes complete generations beyond the newest {@code keep}, except the newest one that
     * verifies, which stays even when it is older (so a bad newest generation never leaves the store
     * with nothing to restart from). Verifies newest first until one passes: that re-reads at least
     * one generation. Directories that are not complete generations are left alone.
     *
     * @return the generations deleted, newest first
     */
    public synchronized List<Generation> prune(int keep) {
        ensureOpen();
        checkKeep(keep);
        List<Generation> all = generations();
        Set<Integer> kept = new HashSet<>();
        all.stream().limit(keep).forEach(g -> kept.add(g.number()));
        Optional<Generation> newestGood = all.stream().filter(g -> verify(g).ok()).findFirst();
        newestGood.ifPresent(g -> kept.add(g.number()));
        List<Generation> doomed = all.stream().filter(g -> !kept.contains(g.number())).toList();
        remove(doomed);
        return doomed;
    }

    /**
     * Returns once the sha256 of every file committed so far is recorded, or known not to match its capture. A run
     * calls it after its last checkpoint and before it requeues the job: the requeue may end this process, and a
     * hash not recorded by the writer is never recorded. About 0.8 s per GiB of linked files (BENCHMARKS.md).
     */
    public void finishHashing() {
        if (!awaitHashes()) {
            Thread.currentThread().interrupt();
        }
    }

    /** False when interrupted (the interrupt is cleared). Not under the store's monitor: the hasher records under it. */
    private boolean awaitHashes() {
        try {
            hasher.awaitIdle();
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /**
     * Waits for the hashes still pending ({@link #finishHashing}), then releases the lock. The store cannot write
     * afterwards; reading still works. Interrupted (before or while waiting), it closes at once, and the generations
     * still waiting stay unverified.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        // interrupted (before or while waiting): close at once; the interrupt is kept for the caller, but cleared
        // meanwhile, since it would make releasing the lock fail
        boolean interrupted = Thread.interrupted() || !awaitHashes();
        synchronized (this) {
            closed = true;
            hasher.stop();
            try {
                lock.close();
            } catch (IOException e) {
                throw new CheckpointStoreException("cannot release the lock on " + dir + ": " + DurableFiles.describe(e)
                        + "; it is released anyway when this process ends", e);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    static void checkKeep(int keep) {
        if (keep < 1) {
            throw new InvalidValueException("keep must be at least 1, got " + keep
                    + ": a restart needs the newest generation");
        }
    }

    private StoredFile capture(Capture capture, Path staging, CaptureMode mode) throws IOException {
        // resolved first: a hard link to a symbolic link would store the link, not the data
        Path source = capture.source().toRealPath();
        if (!Files.isRegularFile(source)) {
            throw new IOException(source + " is not a regular file (list the files of a directory one by one)");
        }
        Path stored = staging.resolve(capture.name());
        Files.createDirectories(stored.getParent());
        String how = captured.place(source, stored, mode);
        if (how.equals(StoredFile.COPY)) {
            // hashed in the same read as the copy: the sha256 is of the bytes captured, whatever happens to the
            // source or the stored copy later (and a copy is only ever written by the store); synced in commit
            DurableFiles.Content copied = DurableFiles.copyAndHash(source, stored);
            return StoredFile.copied(capture.name(), FileStamp.of(stored), copied.sha256());
        }
        // stamp what is in the generation, not the source: that is what a restart will read. Before the fsync (in
        // commit: a linked file's data may never have been synced by the engine that wrote it), so that a write
        // slipping in after the stamp (and maybe after the fsync) moves the time and fails the file
        FileStamp stamp = FileStamp.of(stored);
        StoredFile committed = StoredFile.committed(capture.name(), stamp, how);
        if (mode == CaptureMode.COPY || mode == CaptureMode.LINK_IF_RENAMED) {
            // the application's own state, which a restart in place restores at once: hashed now (one read, as a
            // copy's), not in the background, or the generation would be unverified when the restart looks
            return committed.withSha256(DurableFiles.hash(stored).sha256());
        }
        return committed;
    }

    /**
     * Records what the background hasher found, unless the store is closed (another process may hold it now).
     * Under the store's monitor, so never at the same time as a commit or prune. Runs on the hasher's thread.
     */
    private synchronized void record(GenerationHasher.Outcome outcome) {
        if (!closed) {
            HashRecords.record(outcome, log, dir);
        }
    }

    private void pointLatestAt(Generation generation) throws IOException {
        Path temp = dir.resolve(LATEST_TEMP_PREFIX + DurableFiles.randomSuffix());
        // relative, so the link stays right when the whole store is moved or copied
        Files.createSymbolicLink(temp, Path.of(generation.dir().getFileName().toString()));
        try {
            Files.move(temp, dir.resolve(LATEST), ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        DurableFiles.fsyncDirectory(dir);
    }

    /**
     * Takes each generation out of place with one rename (so none is ever seen half-deleted), then
     * deletes it. A crash in between leaves a {@code .trash-*} directory that the next open removes.
     */
    private void remove(List<Generation> generations) {
        List<Path> trash = new ArrayList<>();
        for (Generation generation : generations) {
            Path out = dir.resolve(TRASH_PREFIX + generation.number() + "-" + DurableFiles.randomSuffix());
            try {
                Files.move(generation.dir(), out, ATOMIC_MOVE);
                trash.add(out);
            } catch (IOException e) {
                throw new CheckpointStoreException("pruning generation " + generation.number() + " failed: "
                        + DurableFiles.describe(e) + "; it stays until the next prune", e);
            }
        }
        try {
            if (!trash.isEmpty()) {
                DurableFiles.fsyncDirectory(dir);
            }
            for (Path out : trash) {
                DurableFiles.deleteTree(out);
            }
        } catch (IOException e) {
            throw new CheckpointStoreException("pruned generations are out of place, but deleting them failed: "
                    + DurableFiles.describe(e) + "; the next open of " + dir + " tries again", e);
        }
    }

    /** Clears what a crash left (staging, trash and temporary links) and repairs {@code latest}. */
    private void recover() {
        boolean removed = false;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".*")) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(STAGING_PREFIX)) {
                    log.warning("removing " + entry + ", a checkpoint that was interrupted before it completed");
                } else if (!name.startsWith(TRASH_PREFIX) && !name.startsWith(LATEST_TEMP_PREFIX)) {
                    continue;
                }
                DurableFiles.deleteTree(entry);
                removed = true;
            }
            if (removed) {
                DurableFiles.fsyncDirectory(dir);
            }
            List<Generation> all = generations();
            if (!all.isEmpty() && !latest().map(g -> g.number() == all.get(0).number()).orElse(false)) {
                pointLatestAt(all.get(0));
            }
        } catch (IOException e) {
            throw new CheckpointStoreException("cannot tidy checkpoint directory " + dir + " after an earlier run: "
                    + DurableFiles.describe(e) + "; check its permissions, or remove the entry named", e);
        }
    }

    private void ensureOpen() {
        if (closing) {
            throw new IllegalStateException("the checkpoint store in " + dir + " is closed; open it again to write");
        }
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
