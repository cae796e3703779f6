package org.crjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import org.crjob.engine.CheckpointFailedException;
import org.crjob.failure.BrokenInstallationException;
import org.crjob.failure.CrjobException;
import org.crjob.process.CommandFailedException;
import org.crjob.process.CommandResult;
import org.crjob.slurm.NotInSlurmJobException;
import org.crjob.slurm.SlurmCommandException;
import org.junit.jupiter.api.Test;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

class MainTest {

    /** A test-only subcommand: throws what {@code --throw} names, or prints a status. */
    @Command(name = "probe", mixinStandardHelpOptions = true)
    static final class Probe implements Callable<Integer> {
        @Mixin VerboseMixin verbose;
        @Mixin JsonMixin json;

        @Option(names = "--throw") String toThrow;

        record Status(String job, Instant started, Duration left, Optional<String> checkpoint) { }

        @Override
        public Integer call() throws Exception {
            if (toThrow != null) {
                switch (toThrow) {
                    case "exit" -> throw new CheckpointFailedException("checkpoint store /scratch/ckpt is full");
                    case "npe" -> throw new NullPointerException("job is null");
                    case "illegal" -> throw new IllegalArgumentException("--every must be positive");
                    case "number" -> throw new NumberFormatException("For input string: \"1O\"");
                    case "io" -> throw new IOException("disk on fire");
                    case "slurm" -> throw new FakeSlurmException("sbatch: error: invalid partition");
                    default -> throw new AssertionError(toThrow);
                }
            }
            Status status = new Status("1234", Instant.parse("2025-01-02T03:04:05Z"), Duration.ofMinutes(90),
                    Optional.empty());
            if (json.enabled()) {
                json.print(status);
            }
            return ExitCode.OK;
        }
    }

    static class FakeSlurmException extends CrjobException {
        private static final long serialVersionUID = 1L;

        FakeSlurmException(String message) {
            super(Kind.SLURM_FAILED, message);
        }
    }

    static final class FakeSbatchException extends FakeSlurmException {
        private static final long serialVersionUID = 1L;

        FakeSbatchException(String message) {
            super(message);
        }
    }

    private static CliRun probe(String... args) {
        return CliRun.of(commandLine -> commandLine.addSubcommand(new Probe()), args);
    }

    @Test
    void versionPrintsProjectVersionAndTheCommitItWasBuiltFrom() {
        CliRun run = CliRun.of("--version");

        assertEquals(ExitCode.OK, run.exitCode());
        String[] lines = run.out().split("\\R");
        assertTrue(lines[0].matches("crjob " + Pattern.quote(System.getProperty("project.version"))
                + " \\(commit [0-9a-f]{12}(-dirty)?\\)"), lines[0]);
        assertTrue(lines[1].startsWith("Java " + System.getProperty("java.version")), lines[1]);
        assertEquals("", run.err());
    }

    @Test
    void helpListsWhatCrjobDoesAndExitsZero() {
        CliRun run = CliRun.of("--help");

        assertEquals(ExitCode.OK, run.exitCode());
        assertTrue(run.out().startsWith("Usage: crjob"), run.out());
        assertTrue(run.out().contains("Checkpoint/restart for Slurm jobs"), run.out());
        assertTrue(run.out().contains("--verbose"), run.out());
        assertTrue(run.out().contains("Exit codes:"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void helpCommandPrintsTheSameHelp() {
        assertEquals(CliRun.of("--help").out(), CliRun.of("help").out());
    }

    @Test
    void unknownOptionExitsTwoAndNamesTheOption() {
        CliRun run = CliRun.of("--frobnicate");

        assertEquals(ExitCode.USAGE, run.exitCode());
        assertEquals("crjob: Unknown option: '--frobnicate'\nTry 'crjob --help' for more information.\n",
                run.err());
        assertEquals("", run.out());
    }

    @Test
    void unknownOptionOfASubcommandPointsAtThatSubcommandsHelp() {
        CliRun run = probe("probe", "--frobnicate");

        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("Try 'crjob probe --help'"), run.err());
    }

    @Test
    void noSubcommandPrintsUsageAndExitsTwo() {
        CliRun run = CliRun.of();

        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("crjob: missing command\nUsage: crjob"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void userErrorPrintsOneLineWithoutStackTrace() {
        CliRun run = probe("probe", "--throw", "exit");

        assertEquals(ExitCode.CHECKPOINT_FAILED, run.exitCode());
        assertEquals("crjob: checkpoint store /scratch/ckpt is full\n", run.err());
    }

    @Test
    void verboseShowsStackTrace() {
        for (String[] args : new String[][] {
            {"probe", "-v", "--throw", "exit"},
            {"-v", "probe", "--throw", "exit"},
            {"--verbose", "probe", "--throw", "exit"},
        }) {
            CliRun run = probe(args);

            assertEquals(ExitCode.CHECKPOINT_FAILED, run.exitCode());
            assertTrue(run.err().startsWith("crjob: checkpoint store /scratch/ckpt is full\n"), run.err());
            assertTrue(run.err().contains("org.crjob.engine.CheckpointFailedException: checkpoint store"), run.err());
            assertTrue(run.err().contains("\tat org.crjob.cli.MainTest$Probe.call"), run.err());
        }
    }

    /** Issue 16, item 4: the help promised more for -vv, and nothing reads a second -v; it says what -v does. */
    @Test
    void verbosesHelpPromisesOnlyTheStackTrace() {
        CliRun run = probe("probe", "--help");
        CliRun twice = probe("probe", "-vv", "--throw", "exit");

        assertTrue(run.out().contains("On errors, show the stack trace."), run.out());
        assertFalse(run.out().contains("-vv"), run.out());
        assertEquals(ExitCode.CHECKPOINT_FAILED, twice.exitCode());
        assertTrue(twice.err().contains("\tat org.crjob.cli.MainTest$Probe.call"), twice.err());
    }

    @Test
    void unexpectedRuntimeExceptionIsAnInternalErrorWithAHintToUseVerbose() {
        CliRun run = probe("probe", "--throw", "npe");

        assertEquals(ExitCode.INTERNAL, run.exitCode());
        assertEquals("crjob: internal error: java.lang.NullPointerException: job is null\n"
                + "crjob: run again with --verbose to see the stack trace\n", run.err());
    }

    @Test
    void unexpectedCheckedExceptionIsAFailure() {
        CliRun run = probe("probe", "--throw", "io");

        assertEquals(ExitCode.FAILURE, run.exitCode());
        assertTrue(run.err().startsWith("crjob: java.io.IOException: disk on fire\n"), run.err());
    }

    /**
     * Issue 16, item 4: an IllegalArgumentException (a NumberFormatException among them) is a bug of crjob's, not the
     * user's mistake: it exited 2 ("bad usage") and printed its message as if it were advice.
     */
    @Test
    void anIllegalArgumentFromABugIsAnInternalErrorNotBadUsage() {
        CliRun illegal = probe("probe", "--throw", "illegal");
        CliRun number = probe("probe", "--throw", "number");

        assertEquals(ExitCode.INTERNAL, illegal.exitCode());
        assertEquals("crjob: internal error: java.lang.IllegalArgumentException: --every must be positive\n"
                + "crjob: run again with --verbose to see the stack trace\n", illegal.err());
        assertEquals(ExitCode.INTERNAL, number.exitCode());
        assertTrue(number.err().startsWith("crjob: internal error: java.lang.NumberFormatException"), number.err());
    }

    @Test
    void aCrjobExceptionAndItsSubtypesGetTheExitCodeOfTheirKindInOneLine() {
        ErrorReporter reporter = new ErrorReporter();
        StringWriter err = new StringWriter();

        int exitCode = reporter.report(new FakeSbatchException("sbatch: error: invalid partition"),
                new PrintWriter(err), false);

        assertEquals(ExitCode.SLURM_FAILED, exitCode);
        assertEquals("crjob: sbatch: error: invalid partition\n", err.toString());
        assertEquals(ExitCode.INTERNAL, reporter.getExitCode(new IllegalStateException("x")));
    }

    @Test
    void eachKindOfFailureHasItsDocumentedExitCode() {
        assertEquals(ExitCode.FAILURE, ExitCode.of(CrjobException.Kind.FAILED));
        assertEquals(ExitCode.USAGE, ExitCode.of(CrjobException.Kind.BAD_USAGE));
        assertEquals(ExitCode.UNEXPECTED_STATE, ExitCode.of(CrjobException.Kind.UNEXPECTED_STATE));
        assertEquals(ExitCode.SLURM_FAILED, ExitCode.of(CrjobException.Kind.SLURM_FAILED));
        assertEquals(ExitCode.CHECKPOINT_FAILED, ExitCode.of(CrjobException.Kind.CHECKPOINT_FAILED));
        assertEquals(ExitCode.INTERNAL, ExitCode.of(CrjobException.Kind.BROKEN_INSTALLATION));
    }

    @Test
    void aBrokenInstallationExits4WithItsMessageAloneNotAsABug() {
        StringWriter err = new StringWriter();

        int exitCode = new ErrorReporter().report(new BrokenInstallationException("x.mustache is missing from"
                + " crjob's jar: rebuild crjob"), new PrintWriter(err), false);

        assertEquals(ExitCode.INTERNAL, exitCode);
        assertEquals("crjob: x.mustache is missing from crjob's jar: rebuild crjob\n", err.toString());
    }

    @Test
    void outsideAJobAndFailedSlurmCommandsHaveTheirDocumentedExitCodes() {
        ErrorReporter reporter = new ErrorReporter();
        StringWriter err = new StringWriter();

        int notInJob = reporter.report(new NotInSlurmJobException(), new PrintWriter(err), false);
        CommandResult refused = new CommandResult(
                org.crjob.process.Command.of("scontrol", "requeue", "7"), 1, "", "Job is not requeueable\n",
                Duration.ZERO);
        int slurmFailed = reporter.getExitCode(new SlurmCommandException("requeueing job 7",
                new CommandFailedException(refused)));

        assertEquals(ExitCode.UNEXPECTED_STATE, notInJob);
        assertTrue(err.toString().startsWith("crjob: not inside a Slurm job"), err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertEquals(ExitCode.SLURM_FAILED, slurmFailed);
    }

    @Test
    void anErrorIsAnInternalErrorWithItsStackTrace() {
        CliRun run = probe("probe", "--throw", "no-such-case");

        assertEquals(ExitCode.INTERNAL, run.exitCode());
        assertTrue(run.err().startsWith("crjob: internal error: java.lang.AssertionError: no-such-case\n"),
                run.err());
        assertTrue(run.err().contains("\tat org.crjob.cli.MainTest$Probe.call"), run.err());
    }

    @Test
    void jsonPrintsOneLineOfJson() {
        CliRun run = probe("probe", "--json");

        assertEquals(ExitCode.OK, run.exitCode());
        assertEquals("{\"job\":\"1234\",\"started\":\"2025-01-02T03:04:05Z\",\"left\":\"PT1H30M\","
                + "\"checkpoint\":null}\n", run.out());
        assertEquals("", run.err());
    }

    @Test
    void runReturnsTheExitCodeAndWritesToTheGivenWriters() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exitCode = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "--bogus");

        assertEquals(ExitCode.USAGE, exitCode);
        assertEquals("", out.toString());
        assertFalse(err.toString().isEmpty());
    }
}
