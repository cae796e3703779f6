package org.crjob.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.crjob.failure.InvalidValueException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignalTest {

    @Test
    void signalParsesNamesWithAndWithoutSigAndNumbers() {
        assertEquals(Signal.USR1, Signal.parse("USR1"));
        assertEquals(Signal.USR1, Signal.parse("SIGUSR1"));
        assertEquals(Signal.USR1, Signal.parse("usr1"));
        assertEquals(Signal.USR1, Signal.parse("sigusr1"));
        assertEquals(Signal.USR1, Signal.parse("10"));
        assertEquals(Signal.TERM, Signal.parse(" TERM "));
        assertEquals(Signal.HUP, Signal.parse("1"));
        assertEquals(Signal.SYS, Signal.parse("31"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"FOO", "SIG", "", "0", "32", "-9", "+10", "SIG10", "USR 1", "RTMIN"})
    void signalRejectsUnknownNameQuotingInput(String input) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Signal.parse(input));
        assertTrue(e.getMessage().contains("'" + input + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("USR1, USR2, TERM, INT, HUP"), e.getMessage());
    }

    @Test
    void signalRejectsNull() {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Signal.parse(null));
        assertTrue(e.getMessage().contains("'null'"), e.getMessage());
    }

    @Test
    void ofFindsEverySignalByItsNumberAndRejectsOthers() {
        for (Signal s : Signal.values()) {
            assertEquals(s, Signal.of(s.number()));
            assertEquals(s, Signal.parse(s.cName()));
        }
        assertThrows(InvalidValueException.class, () -> Signal.of(0));
        assertThrows(InvalidValueException.class, () -> Signal.of(32));
    }

    /** bash's {@code kill -l NAME} prints the number this kernel and libc use for NAME. */
    @Test
    void signalNumbersMatchWhatBashReportsOnThisMachine() throws IOException, InterruptedException {
        String names = Arrays.stream(Signal.values()).map(Signal::name).collect(Collectors.joining(" "));
        Process bash = new ProcessBuilder("bash", "-c", "for s in " + names + "; do kill -l $s; done")
                .redirectErrorStream(true).start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bash.waitFor(10, TimeUnit.SECONDS), "bash did not exit: " + out);
        assertEquals(0, bash.exitValue(), out);
        List<String> expected = Arrays.stream(Signal.values()).map(s -> String.valueOf(s.number())).toList();
        assertEquals(expected, out.lines().toList());
    }
}
