package org.crjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crjob.process.Command;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bash of {@code crjob shell-init bash}, run by bash under {@code set -euo pipefail}, with a stand-in crjob
 * that logs how it is called and answers as the test says: what each function asks of crjob, what it prints,
 * and what it leaves (traps, variables, processes). ShellInitIT runs the same functions with the real crjob.
 */
class ShellInitTest {

    /** Answers as crjob would; FAKE_* variables choose exit codes and messages. */
    private static final String FAKE_CRJOB = """
            #!/bin/bash
            { printf '[%s]' "$@"; echo; } >> "$FAKE_LOG"
            case "$1 ${2:-}" in
                "start-coordinator "*)
                    if [[ -n ${FAKE_START_RC:-} ]]; then echo "crjob: cannot start" >&2; exit "$FAKE_START_RC"; fi
                    echo "export CRJOB_JOB_ID=42"
                    echo "export CRJOB_STATE_FILE=$FAKE_STATE_FILE"
                    echo "export CRJOB_COORD_HOST=node1"
                    echo "export CRJOB_COORD_PORT=4242"
                    echo "[crjob 12:00:00] coordinator for job 42 started" >&2 ;;
                "requeue --check")
                    printf '%s\\n' "${FAKE_CHECK_ERR:-[crjob 12:00:00] budget left 4-23:10:00; 0 of at most 50 requeues used}" >&2
                    exit "${FAKE_CHECK_RC:-0}" ;;
                "requeue "*)
                    echo "[crjob 12:00:01] requeued (1 of at most 50)" >&2
                    exit "${FAKE_REQUEUE_RC:-0}" ;;
                "checkpoint "*)
                    sleep 0.2
                    if [[ ${FAKE_CKPT_RC:-0} != 0 ]]; then echo "crjob: checkpoint failed: disk full" >&2; exit "$FAKE_CKPT_RC"; fi
                    echo "checkpoint 3 done: 1.0 KiB in 0.2 s" ;;
                "quit "*) echo "coordinator stopped" ;;
                "time "*) echo "fake-time" ;;
                *) echo "fake crjob: unexpected $*" >&2; exit 99 ;;
            esac
            """;

    @TempDir
    Path dir;

    private Path init;
    private Path log;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void fakeCrjobAndItsFunctions() throws IOException {
        // a path a shell would split and unquote: the launcher must be baked in quoted
        Path launcher = Files.createDirectories(dir.resolve("with space")).resolve("it's crjob");
        Files.writeString(launcher, FAKE_CRJOB);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        init = Files.writeString(dir.resolve("init.bash"), ShellInitCommand.script(launcher.toString()));
        log = dir.resolve("calls.log");
        Files.createFile(log);
        env.put("FAKE_LOG", log.toString());
        env.put("FAKE_STATE_FILE", Files.createFile(dir.resolve("coordinator.json")).toString());
    }

    /** {@code body} in a strict script that has loaded the functions. */
    private Bash.Result bash(String body) {
        return Bash.run(dir, "set -euo pipefail\n. " + Command.shellQuote(init.toString()) + "\n" + body, env);
    }

    private List<String> calls() throws IOException {
        return Files.readAllLines(log);
    }

    @Test
    void theLauncherIsBakedInQuotedAndGetsItsArgumentsIntact() throws IOException {
        Bash.Result result = bash("timestr2secs '2-12'; secs2timestr 90061");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("fake-time\nfake-time\n", result.out());
        assertEquals(List.of("[time][--seconds][2-12]", "[time][--from-seconds][90061]"), calls());
        assertTrue(Files.readString(init).contains("'" + dir + "/with space/it'\\''s crjob' \"$@\""));
    }

    @Test
    void restartCountPrintsTheNumberAndNothingElse() {
        Bash.Result first = bash("echo \"[$(restart_count)]\"");
        env.put("SLURM_RESTART_COUNT", "3");
        Bash.Result third = bash("restart_count; if [[ $(restart_count) == 3 ]]; then echo three; fi");

        assertEquals("[0]\n", first.out());
        assertEquals("", first.err());
        assertEquals("3\nthree\n", third.out());
        assertEquals("", third.err());
    }

    @Test
    void requeueJobInstallsTheTrapAndSaysSoInOneLine() throws IOException {
        env.put("SLURM_JOB_ID", "42");

        Bash.Result result = bash("requeue_job func_trap USR1 TERM; trap -p USR1 TERM");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("trap -- 'func_trap USR1' SIGUSR1\ntrap -- 'func_trap TERM' SIGTERM\n", result.out());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().matches("\\[crjob \\d\\d:\\d\\d:\\d\\d] requeue_job: budget left 4-23:10:00; 0 of at most"
                + " 50 requeues used; trap installed: 'func_trap SIG' on USR1 TERM\n"), result.err());
        assertEquals(List.of("[requeue][--check]"), calls());
    }

    @Test
    void maxTimelimitAndCkptOverheadGoToCrjobAsTheyAre() throws IOException {
        // nersc_cr's parse_job did arithmetic on 48:00:00, failed, and requeue_job installed no trap
        env.put("SLURM_JOB_ID", "42");

        Bash.Result result = bash("max_timelimit=48:00:00; ckpt_overhead=400\nrequeue_job func_trap USR1; trap -p USR1");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("trap -- 'func_trap USR1' SIGUSR1\n", result.out());
        assertEquals(List.of("[requeue][--check][--max-timelimit][48:00:00][--min-run][13:20]"), calls(),
                "a useful run is 2 x ckpt_overhead when that is more than 5 minutes");
    }

    @Test
    void aCkptOverheadThatIsNoNumberIsIgnoredWithAWarning() throws IOException {
        env.put("SLURM_JOB_ID", "42");

        Bash.Result result = bash("ckpt_overhead=1m; requeue_job func_trap USR1");

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.err().contains("ckpt_overhead is '1m', not a number of seconds: ignored"), result.err());
        assertEquals(List.of("[requeue][--check]"), calls());
    }

    @Test
    void aSpentBudgetInstallsNoTrapSaysWhyAndTheScriptGoesOn() {
        env.put("SLURM_JOB_ID", "42");
        env.put("FAKE_CHECK_RC", "7");
        env.put("FAKE_CHECK_ERR", "[crjob 12:00:00] the budget is spent: 00:03:00 is left in the job's Comment, less"
                + " than a useful run of 00:05:00");

        Bash.Result result = bash("requeue_job func_trap USR1; trap -p USR1; echo goes on");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("goes on\n", result.out(), "no trap");
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().contains("] requeue_job: no trap installed, this run is the last: the budget is spent:"
                + " 00:03:00 is left in the job's Comment, less than a useful run of 00:05:00\n"), result.err());
    }

    @Test
    void aCommentThatIsNoTimeInstallsNoTrapAndFails() {
        env.put("SLURM_JOB_ID", "42");
        env.put("FAKE_CHECK_RC", "2");
        env.put("FAKE_CHECK_ERR", "crjob: the job's Comment is 'my-run', which is not a time budget");

        Bash.Result result = bash("requeue_job func_trap USR1 || echo \"rc=$?\"; trap -p USR1");

        assertEquals("rc=2\n", result.out());
        assertEquals("", result.err().replaceFirst("\\[crjob [0-9:]+] requeue_job: no trap installed: the job's Comment"
                + " is 'my-run', which is not a time budget\n", ""));
    }

    @Test
    void requeueJobOutsideAJobFailsClearlyWithoutAskingCrjob() throws IOException {
        Bash.Result result = bash("requeue_job func_trap USR1 || echo \"rc=$?\"; trap -p USR1");

        assertEquals("rc=3\n", result.out());
        assertTrue(result.err().contains("requeue_job: not inside a Slurm job (SLURM_JOB_ID is not set): no trap"
                + " installed"), result.err());
        assertEquals(List.of(), calls());
    }

    @Test
    void requeueJobRefusesABadSignalOrFunction() {
        env.put("SLURM_JOB_ID", "42");

        Bash.Result badSignal = bash("requeue_job func_trap USR9 || echo \"rc=$?\"");
        Bash.Result badFunction = bash("requeue_job no_such_func USR1 || echo \"rc=$?\"");
        Bash.Result usage = bash("requeue_job func_trap || echo \"rc=$?\"");

        assertEquals("rc=2\n", badSignal.out());
        assertTrue(badSignal.err().contains("'USR9' is not a signal"), badSignal.err());
        assertEquals("rc=2\n", badFunction.out());
        assertTrue(badFunction.err().contains("'no_such_func' is not a function or command"), badFunction.err());
        assertEquals("rc=2\n", usage.out());
    }

    @Test
    void funcTrapCheckpointsEndsTheRunThenRequeuesWithTheUsersVariables() throws IOException {
        env.put("SLURM_JOB_ID", "42");
        env.put("CRJOB_STATE_FILE", env.get("FAKE_STATE_FILE"));

        Bash.Result result = bash("""
                sleep 300 & child=$!
                ckpt_command=ckpt_crjob
                max_timelimit=2-00
                func_trap USR1
                sleep 0.5
                if kill -0 "$child" 2>/dev/null; then echo "child alive"; else echo "child ended"; fi
                """);

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("child ended\n", result.out(), "nothing on stdout but the script's own line\n" + result);
        assertEquals(List.of("[checkpoint]", "[quit]", "[requeue][--max-timelimit][2-00]"), calls());
        assertTrue(result.err().contains("func_trap: USR1 received"), result.err());
        assertTrue(result.err().matches("(?s).*] checkpoint 3 done: 1.0 KiB in 0.2 s; checkpoint overhead [0-9]+\\.[0-9] s\n.*"),
                result.err());
        assertTrue(result.err().contains("func_trap: sent TERM to the script's background jobs still running: "),
                result.err());
    }

    @Test
    void aFailedCheckpointAsksForARequeueOnlyFromAGoodEarlierOne() throws IOException {
        env.put("SLURM_JOB_ID", "42");
        env.put("FAKE_CKPT_RC", "6");
        env.put("FAKE_REQUEUE_RC", "7");

        Bash.Result result = bash("ckpt_command=ckpt_dmtcp\nfunc_trap USR1 || echo \"rc=$?\"");

        assertEquals("rc=7\n", result.out(), result::toString);
        assertEquals(List.of("[checkpoint]", "[requeue][--checkpoint-failed]"), calls(),
                "no coordinator state file: no quit");
        assertTrue(result.err().contains("the checkpoint failed (crjob checkpoint exited with status 6) after 0."),
                result.err());
        assertTrue(result.err().contains("func_trap: ckpt_command 'ckpt_dmtcp' failed with status 6"), result.err());
    }

    @Test
    void aTrapThatIsNotRequeuedEndsAStrictScriptWithSeven() {
        env.put("SLURM_JOB_ID", "42");
        env.put("FAKE_REQUEUE_RC", "7");

        Bash.Result result = bash("""
                requeue_job func_trap USR1
                sleep 30 &
                ( sleep 0.5; kill -USR1 $$ ) &
                wait
                echo not reached
                """);

        assertEquals(7, result.exitCode(), result::toString);
        assertEquals("", result.out());
    }

    @Test
    void aTrapThatRequeuesLeavesNoChildBehind() throws IOException {
        env.put("SLURM_JOB_ID", "42");

        Bash.Result result = bash("""
                requeue_job func_trap USR1
                sleep 30 & echo $! > sleeper.pid
                ( sleep 0.5; kill -USR1 $$ ) &
                wait || true
                """);

        assertEquals(0, result.exitCode(), result::toString);
        long sleeper = Long.parseLong(Files.readString(dir.resolve("sleeper.pid")).strip());
        assertFalse(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false), "the background job got TERM");
    }

    @Test
    void startCoordinatorWithTheSignalEngineExportsCrjobsAndDmtcpsVariables() throws IOException {
        env.put("CRJOB_ENGINE", "signal");

        Bash.Result result = bash("start_coordinator -i 120 -t /scratch/tmp\n"
                + "echo \"$CRJOB_JOB_ID $DMTCP_COORD_HOST:$DMTCP_COORD_PORT\"; start_coordinator --interval=60");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("42 node1:4242\n", result.out());
        assertEquals(List.of("[start-coordinator][--engine][signal][-i][120]",
                "[start-coordinator][--engine][signal][-i][60]"), calls());
        assertTrue(result.err().contains("CRJOB_ENGINE=signal: ignoring the DMTCP options --tmpdir /scratch/tmp"),
                result.err());
    }

    @Test
    void startCoordinatorWithTheSignalEngineKeepsTheCheckpointDirectory() throws IOException {
        env.put("CRJOB_ENGINE", "signal");

        Bash.Result result = bash("start_coordinator -c '/scratch/my ckpt' -i 120; start_coordinator --ckptdir=/y");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("[start-coordinator][--engine][signal][--ckpt-dir][/scratch/my ckpt][-i][120]",
                "[start-coordinator][--engine][signal][--ckpt-dir][/y]"), calls());
        assertFalse(result.err().contains("ignoring"), result.err());
    }

    @Test
    void funcTrapSplitsCkptCommandIntoWordsButExpandsNoGlob() throws IOException {
        env.put("SLURM_JOB_ID", "42");
        Files.writeString(dir.resolve("planted"), "");

        Bash.Result result = bash("ckpt_command='ckpt_crjob --timeout *'\nfunc_trap USR1");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("[checkpoint][--timeout][*]", calls().get(0), "the * reaches crjob as it was written");
    }

    @Test
    void funcTrapWithABlankCkptCommandRunsNoCheckpointUnderSetU() throws IOException {
        env.put("SLURM_JOB_ID", "42");

        Bash.Result result = bash("ckpt_command='  '\nfunc_trap USR1");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("[requeue]"), calls());
    }

    @Test
    void startCoordinatorWithDmtcpPassesTheDmtcpOptionsCrjobMapsAndNamesTheOthers() throws IOException {
        Path fakeRoot = dir.resolve("dmtcp");
        Files.createDirectories(fakeRoot.resolve("bin"));
        Path coordinator = Files.writeString(fakeRoot.resolve("bin").resolve("dmtcp_coordinator"), "#!/bin/sh\n");
        coordinator.toFile().setExecutable(true);
        env.put("DMTCP_ROOT", fakeRoot.toString());

        Bash.Result result = bash("start_coordinator -i 120 --ckptdir /x -t /scratch/tmp --daemon --exit-on-last -q"
                + " --no-gzip --with-plugin /p/a.so --ckpt-open-files --modify-env -p 7779 --timeout 60");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals(List.of("[start-coordinator][--engine][dmtcp][--ckpt-dir][/x][--tmpdir][/scratch/tmp][--no-gzip]"
                + "[--with-plugin][/p/a.so][--ckpt-open-files][--modify-env][-i][120]"), calls());
        assertTrue(result.err().contains("ignoring the dmtcp_coordinator options -p 7779 --timeout 60 (crjob passes -i,"
                + " --ckptdir and --tmpdir on, and chooses the port itself)"), result.err());
        assertFalse(result.err().contains("--daemon"), "what crjob's coordinator does anyway is not reported: "
                + result.err());
    }

    @Test
    void startCoordinatorWithoutDmtcpOutsideAJobReturnsOneAndSaysHowToGetIt() throws IOException {
        assumeFalse(Files.exists(Path.of("/usr/bin/dmtcp_coordinator")) || Files.exists(Path.of("/bin/dmtcp_coordinator")));

        Bash.Result result = bash("start_coordinator -i 120 || echo \"rc=$?\"");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("rc=1\n", result.out());
        assertTrue(result.err().contains("DMTCP is not available: there is no dmtcp_coordinator on PATH"), result.err());
        assertTrue(result.err().contains("module load dmtcp"), result.err());
        assertTrue(result.err().contains("https://github.com/dmtcp/dmtcp"), result.err());
        assertTrue(result.err().contains("CRJOB_ENGINE=signal"), result.err());
        assertEquals(List.of(), calls());
    }

    @Test
    void startCoordinatorWithoutDmtcpInABatchJobEndsTheJobWithOne() {
        assumeFalse(Files.exists(Path.of("/usr/bin/dmtcp_coordinator")) || Files.exists(Path.of("/bin/dmtcp_coordinator")));
        env.put("SLURM_JOB_ID", "42");

        Bash.Result result = bash("start_coordinator || echo \"rc=$?\"\necho not reached");

        assertEquals(1, result.exitCode(), "nersc_cr ran exit 0 here: the job 'succeeded' having done nothing\n" + result);
        assertEquals("", result.out());
        assertTrue(result.err().contains("start_coordinator: ending job 42 with status 1"), result.err());
    }

    @Test
    void aCoordinatorThatCannotStartEndsABatchJob() {
        env.put("SLURM_JOB_ID", "42");
        env.put("CRJOB_ENGINE", "signal");
        env.put("FAKE_START_RC", "3");

        Bash.Result result = bash("start_coordinator\necho not reached");

        assertEquals(3, result.exitCode(), result::toString);
        assertTrue(result.err().contains("start_coordinator: no coordinator (crjob start-coordinator exited with status"
                + " 3)"), result.err());
    }

    @Test
    void anUnknownEngineIsRefused() {
        env.put("CRJOB_ENGINE", "criu");

        Bash.Result result = bash("start_coordinator || echo \"rc=$?\"");

        assertEquals("rc=2\n", result.out());
        assertTrue(result.err().contains("CRJOB_ENGINE is 'criu'; set it to dmtcp (the default) or signal"), result.err());
    }

    @Test
    void ckptCrjobPrintsNothingOnStdoutAndReportsItsOverhead() {
        Bash.Result result = bash("ckpt_crjob");

        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("", result.out());
        assertTrue(result.err().matches("\\[crjob [0-9:]+] checkpoint 3 done: 1.0 KiB in 0.2 s; checkpoint overhead"
                + " [0-9]+\\.[0-9] s\n"), result.err());
    }

    @Test
    void theFunctionsLoadThroughEvalAndProcessSubstitutionAlike() {
        Bash.Result viaEval = Bash.run(dir, "set -euo pipefail\neval \"$(cat " + Command.shellQuote(init.toString())
                + ")\"\nrestart_count", env);
        Bash.Result viaSource = Bash.run(dir, "set -euo pipefail\n. <(cat " + Command.shellQuote(init.toString())
                + ")\nrestart_count", env);

        assertEquals("0\n", viaEval.out(), viaEval::toString);
        assertEquals("0\n", viaSource.out(), viaSource::toString);
    }

    @Test
    void usageErrorsOfTheTimeFunctionsReturnTwo() throws IOException {
        Bash.Result result = bash("timestr2secs || echo \"rc=$?\"; secs2timestr 1 2 || echo \"rc=$?\"");

        assertEquals("rc=2\nrc=2\n", result.out());
        assertEquals(List.of(), calls());
    }

    @Test
    void shellInitForAnotherShellIsAUsageErrorNamingIt() {
        CliRun run = CliRun.of("shell-init", "zsh");

        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().startsWith("crjob: shell-init: 'zsh' is not supported"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void shellInitBashPrintsTheFunctionsWithTheLauncherBakedIn() {
        CliRun run = CliRun.of("shell-init", "bash");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertFalse(run.out().contains(ShellInitCommand.LAUNCHER_PLACEHOLDER), "the placeholder is replaced");
        for (String function : List.of("start_coordinator", "restart_count", "requeue_job", "func_trap", "ckpt_dmtcp",
                "ckpt_crjob", "parse_job", "secs2timestr", "timestr2secs")) {
            assertTrue(run.out().contains("\n" + function + "() {\n"), function);
        }
    }
}
