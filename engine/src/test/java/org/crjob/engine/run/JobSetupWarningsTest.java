package org.crjob.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.crjob.posix.Signal;
import org.crjob.slurm.SbatchDirectives;
import org.junit.jupiter.api.Test;

class JobSetupWarningsTest {
    private static final Duration LEAD = Duration.ofSeconds(50);

    @Test
    void aScriptAsTheReadmeWritesItGetsNoWarning() {
        assertEquals(List.of(), warnings("#SBATCH --signal=B:USR1@300 --requeue --open-mode=append", Optional.empty()));
    }

    @Test
    void noSignalLineSaysWhenCrjobCheckpointsOnItsOwn() {
        List<String> warnings = warnings("#SBATCH --open-mode=append", Optional.empty());

        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("no #SBATCH --signal line") && warnings.get(0).contains("50 s before it"),
                warnings.get(0));
    }

    @Test
    void aSignalWithoutBIsOneThatCrjobNeverSees() {
        List<String> warnings = warnings("#SBATCH --signal=USR1@120 --open-mode=append", Optional.empty());

        assertEquals(List.of("--signal=USR1@120 has no B:, so Slurm sends USR1 to the job steps only, never to"
                + " the batch script that runs crjob: write --signal=B:USR1@120"), warnings);
    }

    @Test
    void anotherSignalThanCrjobWaitsForSaysWhichOptionToAdd() {
        List<String> warnings = warnings("#SBATCH --signal=B:USR2@120 --open-mode=append", Optional.empty());

        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("add --on-signal USR2"), warnings.get(0));
    }

    @Test
    void aLeadShorterThanTheMeasuredCheckpointAsksForMore() {
        List<String> warnings = warnings("#SBATCH --signal=B:USR1@30 --open-mode=append",
                Optional.of(Duration.ofSeconds(45)));

        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("a checkpoint here took 45 s") && warnings.get(0).contains("@120"),
                warnings.get(0));
    }

    @Test
    void noAppendModeWarnsThatEarlierOutputIsLost() {
        List<String> warnings = warnings("#SBATCH --signal=B:USR1@300", Optional.empty());

        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("add #SBATCH --open-mode=append"), warnings.get(0));
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
