package org.crjob.engine.run;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Work on a thread of its own whose future always completes, whatever the work throws. */
final class Background {
    private Background() {
    }

    /**
     * Runs {@code work} on a new thread named {@code name}. The future completes with its result or,
     * for anything it throws (an Error too: a class that fails to load), exceptionally: a caller waiting
     * on it must never wait forever.
     */
    static <T> CompletableFuture<T> run(String name, Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, name);
        thread.start();
        return result;
    }
}
