package org.crjob.engine.coordinator;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test opened in its own process (checkpoint stores, engines, coordinators), closed after it, the newest
 * first; a coordinator is killed before it closes, so that no application outlives its test. Registered on a field
 * with {@code @RegisterExtension}; {@link #closeAll()} also closes one job's parts before the next job's open.
 */
public final class OpenedInTest implements AfterEachCallback {
    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    /** Remembers {@code opened} for closing, before anything added earlier. */
    public <T extends AutoCloseable> T add(T opened) {
        open.push(opened);
        return opened;
    }

    public void closeAll() throws Exception {
        while (!open.isEmpty()) {
            AutoCloseable closeable = open.pop();
            if (closeable instanceof Coordinator coordinator) {
                coordinator.kill(); // no application outlives its test
            }
            closeable.close();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        closeAll();
    }
}
