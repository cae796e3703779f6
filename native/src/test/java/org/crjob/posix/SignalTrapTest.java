package org.crjob.posix;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crjob.failure.InvalidValueException;
import org.junit.jupiter.api.Test;

class SignalTrapTest {

    @Test
    void aTrappedSignalRunsTheHandlerAndTheJvmLivesOn() {
        List<Signal> received = new CopyOnWriteArrayList<>();
        SignalTrap.on(Signal.USR1, received::add);
        try {
            // one at a time: a standard signal sent while the same one is pending merges with it
            Posix.kill(Posix.getpid(), Signal.USR1);
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
            Posix.kill(Posix.getpid(), Signal.USR1);

            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
            assertEquals(List.of(Signal.USR1, Signal.USR1), received);
        } finally {
            SignalTrap.reset(Signal.USR1);
        }
    }

    @Test
    void aSignalTheJvmKeepsForItselfIsRefusedNamingIt() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> SignalTrap.on(Signal.QUIT, s -> { }));

        assertTrue(e.getMessage().startsWith("crjob cannot catch SIGQUIT"), e.getMessage());
        assertTrue(e.getMessage().contains("--signal=B:USR1@"), e.getMessage());
    }
}
