package org.crjob.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {

    @Test
    void aThreadIsADaemonWithItsName() {
        Thread thread = DaemonThreads.newThread("crjob-test", () -> { });
        assertTrue(thread.isDaemon());
        assertEquals("crjob-test", thread.getName());
    }

    @Test
    void aFactoryNamesEachThreadByTheNextName() {
        AtomicInteger number = new AtomicInteger();
        var factory = DaemonThreads.factory(() -> "crjob-worker-" + number.incrementAndGet());

        Thread first = factory.newThread(() -> { });
        Thread second = factory.newThread(() -> { });

        assertEquals("crjob-worker-1", first.getName());
        assertEquals("crjob-worker-2", second.getName());
        assertTrue(first.isDaemon() && second.isDaemon());
    }

    @Test
    void aSchedulerRunsOnANamedDaemonThread() throws Exception {
        ScheduledExecutorService scheduler = DaemonThreads.scheduler("crjob-tick");
        try {
            Thread ranOn = scheduler.schedule(Thread::currentThread, 0, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);
            assertEquals("crjob-tick", ranOn.getName());
            assertTrue(ranOn.isDaemon());
        } finally {
            scheduler.shutdownNow();
        }
    }
}
