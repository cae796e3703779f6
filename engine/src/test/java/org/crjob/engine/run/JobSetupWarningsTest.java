package org.crjob.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.crjob.posix.Signal;
import org.crjob.slurm.SbatchDirectives;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobSetupWarningsTest {
    private static final Duration LEAD = Duration.ofSeconds(50);

    @Test
    void aScriptAsTheReadmeWritesItGetsNoWarning() {
        assertEquals(List.of(), warnings("#SBATCH --signal=B:USR1@300 --requeue --open-mode=append", Optional.empty()));
    }

    @Test
    void aSignalWithoutBIsOneThatCrjobNeverSees() {
        List<String> warnings = warnings("#SBATCH --signal=USR1@120 --open-mode=append", Optional.empty());

        assertEquals(List.of("--signal=USR1@120 has no B:, so Slurm sends USR1 to the job steps only, never to"
                + " the batch script that runs crjob: write --signal=B:USR1@120"), warnings);
    }

    static Stream<Arguments> scriptsWithOneThingToFix() {
        return Stream.of(
                arguments("no signal line says when crjob checkpoints on its own", "#SBATCH --open-mode=append",
                        Optional.empty(), List.of("no #SBATCH --signal line", "50 s before it")),
                arguments("another signal than crjob waits for says which option to add",
                        "#SBATCH --signal=B:USR2@120 --open-mode=append", Optional.empty(),
                        List.of("add --on-signal USR2")),
                arguments("a lead shorter than the measured checkpoint asks for more",
                        "#SBATCH --signal=B:USR1@30 --open-mode=append", Optional.of(Duration.ofSeconds(45)),
                        List.of("a checkpoint here took 45 s", "@120")),
                arguments("no append mode warns that earlier output is lost", "#SBATCH --signal=B:USR1@300",
                        Optional.empty(), List.of("add #SBATCH --open-mode=append")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scriptsWithOneThingToFix")
    void aScriptWithOneThingToFixGetsOneWarningSayingWhat(String behaviour, String directives,
                                                         Optional<Duration> measured, List<String> said) {
        List<String> warnings = warnings(directives, measured);

        assertEquals(1, warnings.size(), warnings.toString());
        for (String words : said) {
            assertTrue(warnings.get(0).contains(words), warnings.get(0));
        }
    }

    @Test
    void crjobInTheForegroundOfAScriptWithoutATrapIsToldToExec() {
        SbatchDirectives script = SbatchDirectives.of("#SBATCH --signal=B:USR1@300 --open-mode=append\n");

        List<String> child = JobSetupWarnings.of(script, Signal.USR1, Optional.empty(), LEAD, false, false);
        List<String> childWithTrap = JobSetupWarnings.of(script, Signal.USR1, Optional.empty(), LEAD, false, true);

        assertEquals(1, child.size(), child.toString());
        assertTrue(child.get(0).contains("write exec crjob run"), child.get(0));
        assertEquals(List.of(), childWithTrap);
    }

    private static List<String> warnings(String directives, Optional<Duration> measured) {
        return JobSetupWarnings.of(SbatchDirectives.of("#!/bin/bash\n" + directives + "\nexec crjob run -- ./sim\n"),
                Signal.USR1, measured, LEAD);
    }
}
