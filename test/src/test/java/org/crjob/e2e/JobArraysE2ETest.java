package org.crjob.e2e;

import static org.awaitility.Awaitility.await;
import static org.crjob.e2e.VariableTimeJobs.COUNT;
import static org.crjob.e2e.VariableTimeJobs.CRJOB;
import static org.crjob.e2e.VariableTimeJobs.PATIENCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.crjob.posix.Signal;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.crjob.slurm.SignalTarget;
import org.crjob.slurm.SlurmTime;
import org.junit.jupiter.api.Test;

/** Jobs that share a directory: array tasks, each its own job, and two jobs pointed at one store (issue 10, 2). */
class JobArraysE2ETest extends VariableTimeJobsTest {
    @Test
    void eachArrayTaskHasItsOwnStoreAndBudgetAndOnlyTheSignalledTaskIsRequeued() throws Exception {
        String array = jobs.submitScript("--array=1-3 -t 5 --comment=00:30:00 --signal=B:USR1@60",
                "t=$SLURM_ARRAY_TASK_ID\n"
                + "export COUNT_TO=60 COUNT_STEP=0.2 COUNT_OUT=count-$t.txt COUNT_CKPT=count-$t.ckpt\n"
                + "exec " + CRJOB + " run --min-run 1 --state count-$t.ckpt -- " + COUNT + "\n");
        String second = array + "_2";
        await().atMost(PATIENCE).until(() -> counted(2).size() >= 5);

        Instant started = jobs.slurm.showJob(second).startTime().orElseThrow();
        jobs.slurm.signal(second, Signal.USR1, SignalTarget.BATCH_SHELL);
        JobInfo held = jobs.awaitRequeued(second, 1);
        long firstRun = Duration.between(started, Instant.now()).toSeconds();
        jobs.releaseUntilRunning(second);

        for (int task = 1; task <= 3; task++) {
            JobInfo done = jobs.awaitEnd(array + "_" + task);
            assertEquals(JobState.COMPLETED, done.state(), jobs.log());
            assertEquals(task == 2 ? 1 : 0, done.restarts(), "task " + task);
            assertEquals(IntStream.rangeClosed(1, 60).boxed().toList(), counted(task), "task " + task);
            assertEquals(task == 2, Files.exists(dir.resolve("crjob.ckpt/" + array + "_" + task + "/gen-000001")),
                    "only the signalled task checkpointed, into its own store");
            if (task != 2) {
                long ran = Duration.between(done.startTime().orElseThrow(), done.endTime().orElseThrow()).toSeconds();
                long left = SlurmTime.parse(done.comment()).seconds();
                assertTrue(Math.abs(1800 - ran - left) <= 3, "task " + task + " ran " + ran + " s and has " + left
                        + " s of its own budget left");
            }
        }
        assertTrue(SlurmTime.parse(held.comment()).seconds() >= 1800 - firstRun - 3,
                "task 2 is charged only its own run: " + held.comment());
    }

    @Test
    void aSecondJobPointedAtAStoreInUseRefusesNamingTheFirst() throws Exception {
        String body = "export COUNT_TO=10000 COUNT_STEP=0.2\n"
                + "exec " + CRJOB + " run --ckpt-dir shared.ckpt --state count.ckpt -- " + COUNT + "\n";
        String first = jobs.submitScript("-t 5 --comment=00:30:00 --signal=B:USR1@60", body);
        await().atMost(PATIENCE).until(() -> jobs.counted().size() >= 3);

        String other = jobs.submitScript("-t 5 --comment=00:30:00 --signal=B:USR1@60", body);

        JobInfo refused = jobs.awaitEnd(other);
        assertEquals(JobState.FAILED, refused.state(), jobs.log());
        assertTrue(jobs.log().contains("is in use by job " + first), jobs.log());
        assertFalse(jobs.slurm.showJob(first).state().isFinal(), "the first job runs on");
    }

    private List<Integer> counted(int task) {
        return BatchScripts.read(dir.resolve("count-" + task + ".txt")).lines().filter(l -> !l.isBlank())
                .map(Integer::parseInt).toList();
    }
}
