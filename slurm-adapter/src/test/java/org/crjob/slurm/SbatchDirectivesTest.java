package org.crjob.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.crjob.failure.InvalidValueException;
import org.crjob.posix.Signal;
import org.junit.jupiter.api.Test;

class SbatchDirectivesTest {

    @Test
    void optionsAreReadFromEverySbatchLineBeforeTheFirstCommand() {
        SbatchDirectives directives = SbatchDirectives.of("""
                #!/bin/bash
                #SBATCH -t 12:00:00 --comment=5-00:00:00 --signal=B:USR1@300
                # a comment between directives
                #SBATCH --requeue --open-mode append   # the mode
                module load dmtcp
                #SBATCH --signal=B:USR2@10
                """);

        assertEquals(Optional.of("append"), directives.value("open-mode"));
        assertTrue(directives.has("requeue"));
        assertEquals(Optional.of(new WarningSignal(Signal.USR1, true, Duration.ofSeconds(300))), directives.signal(),
                "a #SBATCH line after the first command is ignored, as sbatch ignores it");
    }

    @Test
    void theLastOfARepeatedOptionWins() {
        assertEquals(Optional.of("truncate"), SbatchDirectives.of("#SBATCH --open-mode=append\n#SBATCH"
                + " --open-mode=truncate\n").value("open-mode"));
    }

    @Test
    void aCommentedOutDirectiveIsNoDirective() {
        SbatchDirectives directives = SbatchDirectives.of("#!/bin/bash\n##SBATCH --requeue\n#SBATCHX --requeue\n");

        assertFalse(directives.has("requeue"));
    }

    @Test
    void aSignalWithoutBGoesOnlyToTheStepsAndWithoutALeadComesAMinuteEarly() {
        WarningSignal signal = WarningSignal.parse("USR1");

        assertFalse(signal.toBatchShell());
        assertEquals(Duration.ofSeconds(60), signal.lead());
        assertEquals(new WarningSignal(Signal.USR2, true, Duration.ofSeconds(90)), WarningSignal.parse("RB:12@90"));
    }

    @Test
    void aMalformedSignalNamesTheValue() {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> WarningSignal.parse("X:USR1@5"));
        assertTrue(e.getMessage().contains("--signal=X:USR1@5"), e.getMessage());
        assertThrows(InvalidValueException.class, () -> WarningSignal.parse("B:USR1@soon"));
    }
}
