package org.crjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --engine} of run and start-coordinator: its default and its refusal, as users see them. */
class EngineOptionTest {

    @ParameterizedTest
    @ValueSource(strings = {"run", "start-coordinator"})
    void theHelpNamesTheSignalEngineAsTheDefault(String command) {
        CliRun help = CliRun.of(command, "--help");

        assertEquals(ExitCode.OK, help.exitCode(), help.err());
        assertTrue(help.out().replaceAll("\\s+", " ").contains("then PATH). Default: signal."), help.out());
    }

    /** Before anything starts: no coordinator, not even the question of which job this is. */
    @Test
    void anUnknownEngineIsRefusedNamingTheEnginesThereAre() {
        CliRun refused = CliRun.of("start-coordinator", "--engine", "criu");

        assertEquals(ExitCode.USAGE, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("unknown checkpoint engine 'criu': use signal or dmtcp"), refused.err());
    }
}
