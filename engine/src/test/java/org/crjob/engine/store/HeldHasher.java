package org.crjob.engine.store;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds a store's background hasher at one of its pauses for the generations named, until released: so a test can
 * act while a hash is pending (before hashing) or already computed but not recorded (before recording).
 */
final class HeldHasher implements GenerationHasher.Pause {

    enum Where { BEFORE_HASHING, BEFORE_RECORDING }

    private final Where where;
    private final Set<Integer> held;
    private final Set<Integer> waiting = ConcurrentHashMap.newKeySet();
    private final CountDownLatch release = new CountDownLatch(1);

    HeldHasher(Where where, Integer... generations) {
        this.where = where;
        this.held = Set.of(generations);
    }

    @Override
    public void beforeHashing(int generation) throws InterruptedException {
        hold(Where.BEFORE_HASHING, generation);
    }

    @Override
    public void beforeRecording(int generation) throws InterruptedException {
        hold(Where.BEFORE_RECORDING, generation);
    }

    /** Waits until the hasher is held at the pause for {@code generation}. */
    void awaitHolding(int generation) {
        await().atMost(Duration.ofSeconds(30)).until(() -> waiting.contains(generation));
    }

    void release() {
        release.countDown();
    }

    private void hold(Where at, int generation) throws InterruptedException {
        if (at == where && held.contains(generation)) {
            waiting.add(generation);
            if (!release.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the test did not release the hasher held at generation "
                        + generation + " within a minute");
            }
            waiting.remove(generation);
        }
    }
}
