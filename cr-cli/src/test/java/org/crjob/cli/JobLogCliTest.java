package org.crjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/** How a command's job log looks on stderr: the CLI, not the code that logs, decides. */
class JobLogCliTest {
    /** The time, and the date once the job has crossed a day (a test run across midnight). */
    private static final String STAMP = "\\[crjob (\\d\\d-\\d\\d )?\\d\\d:\\d\\d:\\d\\d] ";

    /** A command that logs one message of each severity. */
    @Command(name = "log-probe")
    static final class LogProbe extends BaseCommand {
        @Override
        public Integer call() {
            log().event("launching ./sim");
            log().warning("the batch script has no #SBATCH --signal line");
            log().detail("the coordinator listens on 127.0.0.1:4242");
            return ExitCode.OK;
        }
    }

    private static List<String> logLines(String... args) {
        CliRun run = CliRun.of(commandLine -> commandLine.addSubcommand(new LogProbe()), args);
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        return run.err().lines().toList();
    }

    @Test
    void eventsAndWarningsAreTimedLinesAndDetailsAreLeftOutWithoutVerbose() {
        List<String> lines = logLines("log-probe");
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches(STAMP + "launching \\./sim"), lines.get(0));
        assertTrue(lines.get(1).matches(STAMP + "warning: the batch script has no #SBATCH --signal line"), lines.get(1));
    }

    @Test
    void verboseBeforeOrAfterTheCommandShowsDetails() {
        for (List<String> lines : List.of(logLines("-v", "log-probe"), logLines("log-probe", "--verbose"))) {
            assertEquals(3, lines.size(), lines.toString());
            assertTrue(lines.get(2).matches(STAMP + "the coordinator listens on 127\\.0\\.0\\.1:4242"), lines.get(2));
        }
    }
}
