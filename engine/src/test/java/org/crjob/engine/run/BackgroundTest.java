package org.crjob.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BackgroundTest {

    @Test
    void theResultArrives() throws Exception {
        assertEquals(42, Background.run("t", () -> 42).get(10, TimeUnit.SECONDS));
    }

    @Test
    void anErrorCompletesTheFutureInsteadOfLeavingItsWaiterHanging() {
        // regression: crjob run hung for good when a class of its own failed to load in the application
        // thread (crjob.jar replaced under a running job): only RuntimeException completed the future
        var future = Background.run("t", () -> {
            throw new NoClassDefFoundError("org/crjob/engine/Gone");
        });

        CompletionException e = assertThrows(CompletionException.class,
                () -> future.orTimeout(10, TimeUnit.SECONDS).join());
        assertInstanceOf(NoClassDefFoundError.class, e.getCause());
    }
}
