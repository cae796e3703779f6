package org.crjob.concurrent;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * crjob's background threads: always daemons, always named. A daemon, because a thread stuck in a system call
 * (a socket, a pipe held open by a stray child, a slow disk) must never keep a crjob process alive once its work
 * is done; named, because a thread dump of a stuck job is read by a person.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** A daemon thread called {@code name} that runs {@code work}, not yet started. */
    public static Thread newThread(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Daemon threads, each named by the next value of {@code names} (e.g. numbered). */
    public static ThreadFactory factory(Supplier<String> names) {
        return work -> newThread(names.get(), work);
    }

    /** Daemon threads all called {@code name}: for an executor of one thread. */
    public static ThreadFactory named(String name) {
        return factory(() -> name);
    }

    /** A scheduler on one daemon thread called {@code name}. */
    public static ScheduledExecutorService scheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(named(name));
    }
}
