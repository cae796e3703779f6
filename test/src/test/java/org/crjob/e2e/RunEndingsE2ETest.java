package org.crjob.e2e;

import static org.awaitility.Awaitility.await;
import static org.crjob.e2e.VariableTimeJobs.COUNT;
import static org.crjob.e2e.VariableTimeJobs.CRJOB;
import static org.crjob.e2e.VariableTimeJobs.PATIENCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.crjob.posix.Posix;
import org.crjob.posix.PosixException;
import org.crjob.posix.Signal;
import org.crjob.process.Command;
import org.crjob.process.CommandResult;
import org.crjob.process.ExecCommandRunner;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.crjob.slurm.SignalTarget;
import org.crjob.slurm.SlurmTime;
import org.crjob.slurm.SubmitRequest;
import org.junit.jupiter.api.Test;

/**
 * The kinds of ending a variable-time run meets, each told apart from Slurm's own view of the job: preemption,
 * scancel, a run that dies without any signal, and a requeue that Slurm refuses.
 */
class RunEndingsE2ETest extends VariableTimeJobsTest {
    @Test
    void aPreemptedJobCheckpointsWithinItsGraceTimeIsRequeuedAndContinues() throws Exception {
        // scripts/local-slurm: jobs in 'urgent' preempt jobs in 'preemptible' (GraceTime 30 s); -c 2 takes the node
        String id = jobs.submit("-p preemptible -c 2 -t 10 --comment=01:00:00 --signal=B:USR1@60", 150, "0.2",
                "--min-run 1");
        await().atMost(PATIENCE).until(() -> jobs.counted().size() >= 10);

        String urgent = jobs.submitted(jobs.slurm.submit(SubmitRequest.of(
                BatchScripts.write(dir, "urgent.sh", "sleep 1\n")).withOptions("-p", "urgent", "-c", "2", "-t", "1",
                "--output=/dev/null").from(dir)));

        JobInfo held = jobs.awaitRequeued(id, 1);
        assertTrue(jobs.log().contains("Slurm chose this job for preemption"), jobs.log());
        assertTrue(jobs.log().contains("preemption (Slurm ends the job for a higher-priority one)"), jobs.log());
        assertTrue(jobs.log().contains("requeued (1 of at most 50)"), jobs.log());
        assertTrue(SlurmTime.parse(held.comment()).compareTo(SlurmTime.parse("00:59:00")) > 0, held.comment());
        await().atMost(PATIENCE).until(() -> jobs.slurm.showJob(urgent).state().isFinal());
        jobs.runsAgainToCompletion(id);
        jobs.assertEveryNumberCountedOnce(150);
    }

    @Test
    void aTimeLimitLoweredWhileTheJobRunsMovesCrjobsOwnCheckpointAndTheJobStillRequeuesInTime() throws Exception {
        // no --signal: only crjob's own deadline (EndTime - 50 s before anything is measured) can save the run
        String id = jobs.submit("-t 10 --comment=01:00:00", 10_000, "0.2", "--min-run 1");
        await().atMost(PATIENCE).until(() -> jobs.counted().size() >= 5);

        new ExecCommandRunner().runChecked(Command.of("scontrol", "update", "JobId=" + id, "TimeLimit=2"));

        JobInfo held = jobs.awaitRequeued(id, 1);
        assertTrue(jobs.log().contains("the job's end moved from") && jobs.log().contains("(TimeLimit 00:10:00 ->"
                + " 00:02:00)"), jobs.log());
        assertTrue(jobs.log().contains("crjob's own deadline (no signal came in time)"), jobs.log());
        assertTrue(jobs.log().contains("requeued (1 of at most 50)"), jobs.log());
        assertEquals(List.of(1), generations(id));
        assertTrue(held.restarts() == 1 && !jobs.log().contains("DUE TO TIME LIMIT"), jobs.log());
    }

    @Test
    void aStaleCheckpointDoneMarkerFromAnEarlierRunNeverCompletesACheckpointOfTheNextRun() throws Exception {
        // an application that counts in memory, and takes 3 s to save its count when asked
        Path app = BatchScripts.write(dir, "slow-count.sh", """
                n=$(cat state.dat 2>/dev/null || echo 0)
                trap 'sleep 3; echo $n > state.tmp; mv state.tmp state.dat; touch "$CRJOB_DONE_FILE"' USR1
                echo "$CRJOB_RESTART_COUNT" > ready
                while true; do n=$((n + 1)); sleep 0.1 & wait $!; done
                """);
        String id = jobs.submitScript("-t 5 --comment=01:00:00 --signal=B:USR1@60",
                "exec " + CRJOB + " run --min-run 1 --state state.dat -- " + app + "\n");
        await().atMost(PATIENCE).until(() -> Files.exists(dir.resolve("ready"))); // its trap is set
        jobs.slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);
        jobs.awaitRequeued(id, 1);
        Files.writeString(dir.resolve(".crjob").resolve(id).resolve("checkpoint.done"), ""); // left behind, stale
        jobs.releaseUntilRunning(id);
        await().atMost(PATIENCE).until(() -> BatchScripts.read(dir.resolve("ready")).strip().equals("1"));

        CommandResult checkpoint = new ExecCommandRunner().runChecked(Command.of(CRJOB.toString(), "checkpoint",
                "--job", id).withTimeout(Duration.ofSeconds(60)));

        assertTrue(checkpoint.stdout().startsWith("checkpoint 2 done"), checkpoint.stdout());
        long first = Long.parseLong(Files.readString(jobs.store(id).resolve("gen-000001/state1-state.dat")).strip());
        long second = Long.parseLong(Files.readString(jobs.store(id).resolve("gen-000002/state1-state.dat")).strip());
        assertTrue(second > first, "generation 2 holds what the application saved when asked (" + second + "), not"
                + " the state it was restarted from (" + first + ")");
    }

    @Test
    void scancelIsNotAReasonToRequeue() throws Exception {
        String id = jobs.submit("-t 5 --comment=01:00:00 --signal=B:USR1@60", 10_000, "0.1", "--min-run 1");
        await().atMost(PATIENCE).until(() -> jobs.counted().size() >= 5);

        jobs.slurm.cancel(id);

        JobInfo done = jobs.awaitEnd(id);
        assertEquals(JobState.CANCELLED, done.state());
        assertEquals(0, done.restarts());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertTrue(jobs.log().contains(
                "ended by TERM (scancel, or Slurm ending the job): not requeued"), jobs.log()));
    }

    @Test
    void aSignalThatComesAsTheApplicationFinishesEndsTheJobAsFinishedNotFailed() throws Exception {
        // found by bench/scale: USR1 came after the application had exited with 0, crjob signalled a pid that was
        // gone (ESRCH), and the job FAILED with "no checkpoint to restart from". A helper that ignores TERM keeps
        // crjob's clean-up of the application busy for its grace time (5 s), the window the signal lands in. The
        // script ignores TERM before it starts the helper: a helper that set its own trap could still be starting
        // when crjob's clean-up came, die at once, and end the run before the signal was sent.
        Path app = BatchScripts.write(dir, "finish.sh", """
                trap '' TERM
                sleep 60 &
                echo $$ > app.pid
                exit 0
                """);
        String id = jobs.submitScript("-t 5 --comment=01:00:00 --signal=B:USR1@60",
                "exec " + CRJOB + " run --min-run 1 --state state.dat -- " + app + "\n");
        await().atMost(PATIENCE).until(() -> Files.exists(dir.resolve("app.pid"))
                && !Files.exists(Path.of("/proc", BatchScripts.read(dir.resolve("app.pid")).strip())));

        jobs.slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);

        JobInfo done = jobs.awaitEnd(id);
        assertEquals(JobState.COMPLETED, done.state(), jobs.log());
        assertEquals(0, done.restarts());
        assertTrue(jobs.log().contains("the application had finished (status 0) as the checkpoint began"), jobs.log());
        assertEquals(List.of(), generations(id), "nothing to restart from is stored for a finished application");
    }

    @Test
    void aRunKilledWithoutAnySignalResumesFromTheNewestGenerationAndIsChargedFromItsHeartbeat() throws Exception {
        String id = jobs.submit("-t 5 --comment=01:00:00 --signal=B:USR1@60", 150, "0.2", "--min-run 1 -i 3");
        await().atMost(PATIENCE).until(() -> jobs.counted().size() >= 40 && generations(id).size() >= 2);
        Instant started = jobs.slurm.showJob(id).startTime().orElseThrow();

        killEveryProcessOf(id);
        Instant killed = Instant.now();
        jobs.awaitEnd(id);
        int newest = generations(id).get(generations(id).size() - 1);
        new ExecCommandRunner().runChecked(Command.of("scontrol", "requeue", id));
        jobs.runsAgainToCompletion(id);
        assertTrue(jobs.log().contains("restarting from checkpoint generation " + newest), jobs.log());
        assertEquals(IntStream.rangeClosed(1, 150).boxed().toList(), jobs.counted(), "resumed from the checkpoint");
        Matcher charged = Pattern.compile("died without a checkpoint at its end \\(node failure\\?\\); charging it"
                + " (\\S+), its start to its last heartbeat").matcher(jobs.log());
        assertTrue(charged.find(), jobs.log());
        long ranUntilKill = Duration.between(started, killed).toSeconds();
        long chargedSeconds = SlurmTime.parse(charged.group(1)).seconds();
        assertTrue(chargedSeconds <= ranUntilKill + 1 && chargedSeconds >= ranUntilKill - 12, "charged "
                + chargedSeconds + " s for a run killed after " + ranUntilKill + " s (heartbeat every 10 s), not its"
                + " 5-minute limit");
    }

    @Test
    void aRequeueThatSlurmRefusesEndsTheJobCleanlyWithItsCheckpointKept() throws Exception {
        Path fakeBin = Files.createDirectories(dir.resolve("bin"));
        String realScontrol = new ExecCommandRunner().runChecked(Command.of("bash", "-c", "command -v scontrol"))
                .stdout().strip();
        BatchScripts.write(fakeBin, "scontrol", "if [ \"$1\" = requeue ]; then\n"
                + "  echo \"scontrol: error: Requested operation is presently disabled for job $2\" >&2; exit 1\nfi\n"
                + "exec " + realScontrol + " \"$@\"\n");
        String id = jobs.submitScript("-t 5 --comment=01:00:00 --signal=B:USR1@60",
                "export PATH=" + fakeBin + ":$PATH COUNT_TO=10000 COUNT_STEP=0.1\n"
                + "exec " + CRJOB + " run --min-run 1 --state count.ckpt -- " + COUNT + "\n");
        await().atMost(PATIENCE).until(() -> jobs.counted().size() >= 5);

        jobs.slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);

        JobInfo done = jobs.awaitEnd(id);
        assertEquals("5:0", done.field("ExitCode").orElseThrow(), jobs.log());
        assertEquals(0, done.restarts());
        assertTrue(jobs.log().contains("the requeue failed, so the job ends here"), jobs.log());
        assertTrue(jobs.log().contains("Requested operation is presently disabled"), jobs.log());
        assertTrue(jobs.log().contains("The checkpoint is kept: requeue the job (scontrol requeue " + id + ")"),
                jobs.log());
        assertEquals(List.of(1), generations(id), "the checkpoint of this run is kept");
        assertTrue(JobProcesses.of(id).isEmpty(), "nothing of the job is left running: " + JobProcesses.of(id));
    }

    private List<Integer> generations(String id) throws IOException {
        Path store = jobs.store(id);
        if (!Files.isDirectory(store)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(store)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.matches("gen-\\d+"))
                    .map(n -> Integer.parseInt(n.substring(4))).sorted().toList();
        }
    }

    /** As a node failure would: every process of the job, at once, with no signal it could catch. */
    private void killEveryProcessOf(String jobId) {
        for (int pid : JobProcesses.of(jobId)) {
            try {
                Posix.kill(pid, Signal.KILL);
            } catch (PosixException e) {
                // gone since it was listed (a short-lived sleep, or the application after crjob's death)
            }
        }
    }
}
