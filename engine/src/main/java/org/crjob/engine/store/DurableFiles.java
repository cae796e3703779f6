package org.crjob.engine.store;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.crjob.concurrent.DaemonThreads;
import org.crjob.failure.IoReasons;
import org.crjob.posix.PrivatePaths;

/** File operations whose result survives a crash once they return (fsync, tree removal), and hashing. */
final class DurableFiles {

    /** Large enough that hashing runs at the digest's speed, small enough to be harmless per thread. */
    static final int BUFFER = 1 << 20;
    /** Files larger than this are copied with their hash on a second thread ({@link HashingCopy}). */
    static final long PIPELINED_FROM = 4L * BUFFER;
    /** fsyncs at once in {@link #fsyncAll}: they wait on the disk, not on a CPU. */
    static final int SYNC_THREADS = 16;
    /**
     * One per thread, reused: a direct buffer is freed only by a garbage collection, which the JVM forces (and sleeps
     * for) once they reach its limit, so one per file made a state directory of many small files slow to capture.
     */
    private static final ThreadLocal<ByteBuffer> BUFFERS =
            ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(BUFFER));

    record Content(long size, String sha256) {
    }

    private DurableFiles() {
    }

    /** Size and sha256 of what {@code file} holds now. */
    static Content hash(Path file) throws IOException {
        MessageDigest digest = sha256();
        ByteBuffer buffer = BUFFERS.get().clear();
        long size = 0;
        try (FileChannel in = FileChannel.open(file, READ)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                size += n;
                buffer.flip();
                digest.update(buffer);
                buffer.clear();
            }
        }
        return new Content(size, HexFormat.of().formatHex(digest.digest()));
    }

    /**
     * Copies {@code from} to the new file {@code to}, hashing the bytes on the way (one read of each). Returns what
     * was written, which is what was read. It does not fsync {@code to}: the caller syncs all it wrote at once
     * ({@link #fsyncAll}).
     *
     * @throws UnreadableSource when {@code from} cannot be opened or read (the other failures concern {@code to})
     */
    static Content copyAndHash(Path from, Path to) throws IOException {
        return copyAndHash(from, to, true);
    }

    /** As {@link #copyAndHash(Path, Path)}; {@code pipelined} false hashes in turn whatever the size (benchmarks). */
    static Content copyAndHash(Path from, Path to, boolean pipelined) throws IOException {
        MessageDigest digest = sha256();
        long size;
        try (FileChannel in = openSource(from);
                FileChannel out = FileChannel.open(to, Set.of(CREATE_NEW, WRITE), PrivatePaths.fileMode())) {
            size = pipelined && sizeOf(in) > PIPELINED_FROM ? copyPipelined(in, out, digest)
                    : copyInTurn(in, out, digest);
        }
        return new Content(size, HexFormat.of().formatHex(digest.digest()));
    }

    /** Read, hash, write, chunk after chunk: for small files, where a second thread would cost more than it saves. */
    private static long copyInTurn(FileChannel in, FileChannel out, MessageDigest digest) throws IOException {
        ByteBuffer buffer = BUFFERS.get().clear();
        long size = 0;
        while (readSource(in, buffer) >= 0) {
            buffer.flip();
            digest.update(buffer.duplicate());
            while (buffer.hasRemaining()) {
                size += out.write(buffer);
            }
            buffer.clear();
        }
        return size;
    }

    private static long copyPipelined(FileChannel in, FileChannel out, MessageDigest digest) throws IOException {
        try (HashingCopy copy = new HashingCopy(digest)) {
            return copy.copy(in, out);
        }
    }

    private static long sizeOf(FileChannel in) throws UnreadableSource {
        try {
            return in.size();
        } catch (IOException e) {
            throw new UnreadableSource(e);
        }
    }

    /** The file being copied could not be read: a problem of the copy's source, not of where it goes. */
    static final class UnreadableSource extends IOException {
        UnreadableSource(IOException cause) {
            super(reason(cause), cause);
        }
    }

    private static FileChannel openSource(Path from) throws UnreadableSource {
        try {
            return FileChannel.open(from, READ);
        } catch (IOException e) {
            throw new UnreadableSource(e);
        }
    }

    static int readSource(FileChannel in, ByteBuffer buffer) throws UnreadableSource {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            throw new UnreadableSource(e);
        }
    }

    /**
     * Makes {@code file}'s data durable. Works through a read-only descriptor; for a hard link it syncs the shared
     * inode, whose data the engine that wrote it may never have synced (a DMTCP image written without gzip).
     */
    static void fsync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, READ)) {
            channel.force(true);
        }
    }

    /**
     * Makes every file's data durable, many at once: an fsync waits for the disk to flush its cache, about the same
     * time for a small file as for none, and flushes asked for together are served together, so 1,000 files synced
     * one after the other took seconds where the same fsyncs from {@value #SYNC_THREADS} threads take a fraction.
     *
     * @throws IOException the first failure, naming its file; the others are still synced
     */
    static void fsyncAll(List<Path> files) throws IOException {
        if (files.size() < 2) {
            for (Path file : files) {
                fsync(file);
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(SYNC_THREADS, files.size()),
                DaemonThreads.named("crjob-fsync"));
        try {
            List<Future<Void>> syncs = new ArrayList<>();
            for (Path file : files) {
                syncs.add(pool.submit(() -> {
                    fsync(file);
                    return null;
                }));
            }
            awaitAll(syncs);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitAll(List<Future<Void>> syncs) throws IOException {
        IOException first = null;
        for (Future<Void> sync : syncs) {
            try {
                sync.get();
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while syncing the files");
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Makes a directory's entries (a rename into or out of it) durable. Linux allows fsync on a directory. */
    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, READ)) {
            channel.force(true);
        }
    }

    /** Removes {@code root} and everything under it, without following symbolic links. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Eight hex digits for temporary names; uniqueness comes from CREATE_NEW, not from this. */
    static String randomSuffix() {
        return String.format("%08x", ThreadLocalRandom.current().nextInt());
    }

    /** The reason of an I/O failure without the path Java puts in front of it, e.g. "No space left on device". */
    static String reason(IOException e) {
        return IoReasons.of(e);
    }

    /** The failure with the file it concerns, e.g. {@code /ckpt/.staging-2-1a2b/state.dat: No space left on device}. */
    static String describe(IOException e) {
        return IoReasons.describe(e);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
