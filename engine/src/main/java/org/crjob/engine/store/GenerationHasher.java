package org.crjob.engine.store;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.crjob.concurrent.DaemonThreads;

/**
 * Hashes the hard-linked files of committed generations in the background, one daemon thread per store, so a commit
 * of DMTCP's images returns once they are durable and {@code latest} points at them, without reading every byte
 * back. (Copied files are hashed as they are copied.)
 *
 * <p>Each file is stamped (size and time) before and after it is read; only a hash of a file that matched the
 * manifest's stamp both times is handed to the store to record. A file that changed since the commit is reported
 * instead: its generation no longer verifies. Recording, and every warning, goes through the store, under its
 * monitor, so nothing is written or said after the store is closed or about a generation pruned meanwhile.
 *
 * <p>The store waits for it ({@link #awaitIdle}) before it lets go of the directory: once the writer is gone, nothing
 * ties a file's content to its capture any more (anyone may have rewritten it, keeping its size and time), so a hash
 * not recorded by then is never recorded, and its generation stays unverified. {@link #stop} abandons what is left.
 */
final class GenerationHasher {

    /** Where the outcome goes: the store, which records the hashes (see {@link CheckpointStore}). */
    interface Recorder {
        void record(Outcome outcome);
    }

    /** For tests: points where a test can hold the hasher, before it reads a generation and before it records it. */
    interface Pause {
        Pause NONE = new Pause() { };

        default void beforeHashing(int generation) throws InterruptedException {
        }

        default void beforeRecording(int generation) throws InterruptedException {
        }
    }

    /**
     * What hashing one generation found.
     *
     * @param hashed     file name to sha256, for files unchanged since the commit
     * @param changed    file name to what changed since the commit
     * @param unreadable file name to why it could not be read
     * @param seconds    how long the hashing took
     */
    record Outcome(Generation generation, Map<String, String> hashed, Map<String, String> changed,
            Map<String, String> unreadable, double seconds) {
    }

    private final BlockingQueue<Generation> queue = new LinkedBlockingQueue<>();
    private final Object idle = new Object();
    /** Generations queued and not yet recorded; guarded by {@link #idle}. */
    private int outstanding;
    private boolean stopped;
    private final Thread thread;
    private final Recorder recorder;
    private final Pause pause;

    GenerationHasher(String storeName, Recorder recorder, Pause pause) {
        this.recorder = recorder;
        this.pause = pause;
        this.thread = DaemonThreads.newThread("crjob-hash " + storeName, this::run);
        thread.start();
    }

    /** Hashes what {@code generation} has not hashed yet, after what is queued before it. */
    void queue(Generation generation) {
        if (generation.manifest().hashPending()) {
            synchronized (idle) {
                outstanding++;
            }
            queue.add(generation);
        }
    }

    /** Returns once every generation queued so far is hashed and recorded (or the hasher is stopped). */
    void awaitIdle() throws InterruptedException {
        synchronized (idle) {
            while (outstanding > 0 && !stopped) {
                idle.wait();
            }
        }
    }

    /** Stops at once, abandoning the queue and any hash under way: those generations stay unverified. */
    void stop() {
        synchronized (idle) {
            stopped = true;
            idle.notifyAll();
        }
        thread.interrupt();
    }

    private void run() {
        try {
            while (true) {
                Generation generation = queue.take();
                pause.beforeHashing(generation.number());
                Outcome outcome = hash(generation);
                pause.beforeRecording(generation.number());
                recorder.record(outcome);
                synchronized (idle) {
                    outstanding--;
                    idle.notifyAll();
                }
            }
        } catch (InterruptedException | StoppedWhileReading stopped) {
            // the store is closing
        }
    }

    private static Outcome hash(Generation generation) throws StoppedWhileReading {
        long started = System.nanoTime();
        Map<String, String> hashed = new LinkedHashMap<>();
        Map<String, String> changed = new LinkedHashMap<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        for (StoredFile file : generation.files()) {
            if (file.hashed()) {
                continue;
            }
            try {
                FileStamp.Hashed read = FileStamp.hashIfUnchanged(generation.file(file.name()), file.stamp());
                if (read.sha256() != null) {
                    hashed.put(file.name(), read.sha256());
                } else {
                    changed.put(file.name(), read.change());
                }
            } catch (ClosedByInterruptException e) {
                throw new StoppedWhileReading();
            } catch (NoSuchFileException gone) {
                // pruned meanwhile, or removed by hand: the store sees which when it records
                unreadable.put(file.name(), "missing");
            } catch (IOException e) {
                unreadable.put(file.name(), DurableFiles.reason(e));
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new StoppedWhileReading();
            }
        }
        return new Outcome(generation, hashed, changed, unreadable, (System.nanoTime() - started) / 1e9);
    }

    /** The store closed while a file was being read. */
    private static final class StoppedWhileReading extends Exception {
        StoppedWhileReading() {
            super(null, null, false, false);
        }
    }
}
