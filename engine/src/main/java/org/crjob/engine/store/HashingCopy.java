package org.crjob.engine.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.crjob.concurrent.DaemonThreads;

/**
 * A copy that hashes what it copies on a second thread while it reads and writes on its own: each chunk read is
 * written out and handed to the hasher, which digests the chunks in the order they were read. The bytes are read
 * once; the sha256 is of exactly what was written. The copy then takes about as long as the slower of the two
 * (BENCHMARKS.md 7), not their sum. Buffers circulate between the two threads, each reused once it is written and
 * hashed.
 */
final class HashingCopy implements AutoCloseable {
    /** Chunks in flight: enough that neither thread waits for the other while both keep up. */
    private static final int BUFFERS = 4;
    private static final ThreadLocal<ByteBuffer[]> POOLS = ThreadLocal.withInitial(HashingCopy::newPool);

    private final MessageDigest digest;
    private final BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);
    private final ExecutorService hasher = Executors.newSingleThreadExecutor(DaemonThreads.named("crjob-copy-hash"));
    private volatile Throwable failure;

    HashingCopy(MessageDigest digest) {
        this.digest = digest;
        Collections.addAll(free, POOLS.get());
    }

    private static ByteBuffer[] newPool() {
        ByteBuffer[] pool = new ByteBuffer[BUFFERS];
        for (int i = 0; i < BUFFERS; i++) {
            pool[i] = ByteBuffer.allocateDirect(DurableFiles.BUFFER);
        }
        return pool;
    }

    /** Copies all of {@code in} to {@code out}; returns the bytes copied. The digest is complete once closed. */
    long copy(FileChannel in, FileChannel out) throws IOException {
        long size = 0;
        while (true) {
            // free once hashed; written already, since this thread wrote it before it took another
            ByteBuffer buffer = takeFree().clear();
            if (DurableFiles.readSource(in, buffer) < 0) {
                free.add(buffer);
                return size;
            }
            buffer.flip();
            ByteBuffer hashed = buffer.duplicate(); // the two threads each move a position of their own
            hasher.execute(() -> {
                try {
                    digest.update(hashed);
                } catch (RuntimeException | Error e) {
                    failure = e; // said by close(); the buffer still comes back, or this thread would wait forever
                } finally {
                    free.add(buffer);
                }
            });
            while (buffer.hasRemaining()) {
                size += out.write(buffer);
            }
        }
    }

    private ByteBuffer takeFree() throws InterruptedIOException {
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while copying");
        }
    }

    /**
     * Waits for the hasher to digest every chunk handed to it: this thread's buffers are free again, for its next
     * copy, only then.
     */
    @Override
    public void close() throws InterruptedIOException {
        hasher.shutdown();
        try {
            while (!hasher.awaitTermination(1, TimeUnit.MINUTES)) {
                // a chunk is hashed in milliseconds; a minute is a machine swapping, still to be waited for
            }
        } catch (InterruptedException e) {
            hasher.shutdownNow();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing a copy");
        }
        if (failure != null) {
            throw new IllegalStateException("the hash of a copy failed", failure); // a bug of ours or the JVM's
        }
    }
}
