package org.crjob.e2e;

import static org.awaitility.Awaitility.await;
import static org.crjob.e2e.VariableTimeJobs.COUNT;
import static org.crjob.e2e.VariableTimeJobs.CRJOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.engine.store.Generation;
import org.crjob.posix.Signal;
import org.crjob.process.Command;
import org.crjob.process.ExecCommandRunner;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.crjob.slurm.SignalTarget;
import org.junit.jupiter.api.Test;

/**
 * {@code --checkpoint-at deadline}, the default, on the local Slurm: after Slurm's warning signal the application works
 * on until crjob's own deadline (EndTime − 2 × the longest recent checkpoint − 30 s), then crjob checkpoints and
 * requeues; a TERM during that wait checkpoints at once. The periodic checkpoints ({@code -i}) time the checkpoint
 * before the signal comes: without a timed one, crjob checkpoints at the signal.
 */
class CheckpointAtDeadlineE2ETest extends VariableTimeJobsTest {
    /** Slurm warns 120 s before a 3-minute limit; its signal may come up to a minute early. */
    private static final String SCRIPT_HEAD = "#SBATCH --signal=B:USR1@120\n";
    private static final Pattern CHECKPOINT_AT = Pattern.compile(
            "SIGUSR1 \\(Slurm's warning that the time limit is near\\): checkpoint at (\\d\\d:\\d\\d:\\d\\d), in \\S+;");
    private static final Duration WAIT_AND_REQUEUE = Duration.ofMinutes(4);

    /** Counts every 0.2 s up to the number in the file count-to, read as each run starts. */
    private String submit(int countTo) throws Exception {
        Files.writeString(dir.resolve("count-to"), countTo + "\n");
        return jobs.submitScript("-t 3 --comment=01:00:00", SCRIPT_HEAD + "export COUNT_TO=$(cat count-to)"
                + " COUNT_STEP=0.2\nexec " + CRJOB + " run --min-run 1 -i 15 --state count.ckpt -- " + COUNT + "\n");
    }

    @Test
    void slurmsWarningSignalIsCheckpointedAtCrjobsOwnDeadlineNotAtTheSignalAndTheJobRequeuesAndContinues()
            throws Exception {
        String id = submit(100_000);
        JobInfo started = await().atMost(VariableTimeJobs.PATIENCE).until(() -> jobs.slurm.showJob(id),
                j -> j.state() == JobState.RUNNING);
        Instant end = started.endTime().orElseThrow();

        JobInfo held = await().atMost(WAIT_AND_REQUEUE).until(() -> jobs.slurm.showJob(id),
                j -> j.state() == JobState.PENDING && j.restarts() == 1);

        Instant signalled = lineTime("(Slurm's warning that the time limit is near): checkpoint at ");
        Instant due = checkpointAt();
        Generation last = newest(id);
        // EndTime - (2 x a checkpoint of under a second + 30 s), or the signal's own lead run out that much earlier
        // when Slurm sent it early (up to a minute); the log's times are to the second
        Instant bySignal = signalled.plusSeconds(120 - 30);
        Instant expected = end.minusSeconds(30).isBefore(bySignal) ? end.minusSeconds(30) : bySignal;
        long early = Duration.between(due, expected).toSeconds();
        assertTrue(early >= -1 && early <= 4, "crjob's deadline " + due + ", expected about " + expected + ": "
                + jobs.log());
        assertTrue(Duration.between(signalled, due).toSeconds() >= 30, "worked on after the signal: " + jobs.log());
        assertTrue(!last.created().isBefore(due.minusSeconds(1)) && last.created().isBefore(due.plusSeconds(5)),
                "the last generation (" + last.created() + ") is taken at crjob's deadline " + due + ", not at the"
                        + " signal " + signalled + ": " + jobs.log());
        assertTrue(jobs.log().contains("crjob's own deadline after SIGUSR1 (Slurm's warning came earlier)"),
                jobs.log());
        assertTrue(jobs.log().contains("requeued (1 of at most 50)"), jobs.log());
        // the next run counts on from the checkpoint, 20 numbers more, and finishes without another signal
        int countTo = jobs.counted().size() + 20;
        Files.writeString(dir.resolve("count-to"), countTo + "\n");
        new ExecCommandRunner().runChecked(Command.of("scontrol", "update", "JobId=" + held.ref(), "TimeLimit=10"));
        jobs.runsAgainToCompletion(id);
        jobs.assertEveryNumberCountedOnce(countTo);
    }

    @Test
    void aTermWhileTheApplicationWorksOnAfterTheSignalIsCheckpointedAtOnce() throws Exception {
        String id = submit(100_000);
        await().atMost(VariableTimeJobs.PATIENCE).until(() -> !generations(id).isEmpty()); // a checkpoint is timed
        jobs.slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);
        await().atMost(VariableTimeJobs.PATIENCE).until(() -> CHECKPOINT_AT.matcher(jobs.log()).find());
        int before = newest(id).number();

        Instant term = Instant.now();
        jobs.slurm.signal(id, Signal.TERM, SignalTarget.BATCH_SHELL);

        JobInfo done = jobs.awaitEnd(id);
        assertEquals(0, done.restarts(), "a TERM that is no time limit is not requeued: " + jobs.log());
        assertTrue(jobs.log().contains("TERM (scancel, or Slurm ending the job)"), jobs.log());
        Generation last = newest(id);
        assertTrue(last.number() > before, jobs.log());
        assertTrue(last.created().isBefore(term.plusSeconds(5)) && last.created().isBefore(checkpointAt()),
                "checkpointed at the TERM (" + term + "), not at crjob's deadline: " + last.created() + "; "
                        + jobs.log());
    }

    private List<Generation> generations(String id) {
        return CheckpointStore.read(jobs.store(id)).generations();
    }

    private Generation newest(String id) {
        return generations(id).get(0);
    }

    /** When the log line of the signal says the checkpoint is due. */
    private Instant checkpointAt() {
        Matcher m = CHECKPOINT_AT.matcher(jobs.log());
        assertTrue(m.find(), jobs.log());
        return today(m.group(1));
    }

    /** The time of the first job-log line that contains {@code text}. */
    private Instant lineTime(String text) {
        String line = jobs.log().lines().filter(l -> l.contains(text)).findFirst().orElseThrow();
        Matcher m = Pattern.compile("\\[crjob (?:\\S+ )?(\\d\\d:\\d\\d:\\d\\d)\\]").matcher(line);
        assertTrue(m.find(), line);
        return today(m.group(1));
    }

    private static Instant today(String clockTime) {
        return LocalTime.parse(clockTime).atDate(LocalDate.now()).atZone(ZoneId.systemDefault()).toInstant();
    }
}
