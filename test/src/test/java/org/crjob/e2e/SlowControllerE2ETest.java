package org.crjob.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.crjob.posix.Posix;
import org.crjob.posix.Signal;
import org.crjob.slurm.JobInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A controller that stops answering just as the trap runs never costs the work (issue 10, item 1). */
class SlowControllerE2ETest extends VariableTimeJobsTest {
    private int slurmctld;

    @BeforeEach
    void findTheController() throws IOException {
        slurmctld = slurmctldPid();
    }

    @AfterEach
    void thaw() {
        Posix.kill(slurmctld, Signal.CONT); // whatever happened, the controller answers again (before the cancels)
    }

    @Test
    void aControllerFrozenForTwentySecondsAsTheTrapRunsDelaysTheRequeueButLosesNothing() throws Exception {
        String id = jobs.submit("-t 5 --comment=01:00:00 --signal=B:USR1@60", 100, "0.1", "--min-run 1");
        await().atMost(VariableTimeJobs.PATIENCE).until(() -> jobs.counted().size() >= 5);
        int crjob = JobProcesses.batchShell(id);

        Posix.kill(slurmctld, Signal.STOP);
        Posix.kill(crjob, Signal.USR1); // what Slurm's B:USR1 does; scancel would need the frozen controller
        await().pollDelay(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(21)).until(() -> true);
        Posix.kill(slurmctld, Signal.CONT);

        jobs.awaitRequeued(id, 1);
        assertTrue(jobs.log().contains("Slurm did not answer"), jobs.log());
        assertTrue(jobs.log().contains("requeued (1 of at most 50)"), jobs.log());
        jobs.runsAgainToCompletion(id);
        jobs.assertEveryNumberCountedOnce(100);
    }

    @Test
    void aTermWhileTheControllerIsFrozenIsCheckpointedAtOnceAndSlurmIsAskedWhyAfterwards() throws Exception {
        // Slurm kills the job KillWait after TERM: asking a swamped controller why before checkpointing loses the run
        String id = jobs.submit("-t 5 --comment=01:00:00 --signal=B:USR1@60", 10_000, "0.1", "--min-run 1");
        await().atMost(VariableTimeJobs.PATIENCE).until(() -> jobs.counted().size() >= 5);
        int crjob = JobProcesses.batchShell(id);
        Path firstGeneration = jobs.store(id).resolve("gen-000001");

        Posix.kill(slurmctld, Signal.STOP);
        Posix.kill(crjob, Signal.TERM);

        await().atMost(Duration.ofSeconds(2)).until(() -> Files.isDirectory(firstGeneration));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertTrue(jobs.log().contains(
                "asking Slurm why TERM came"), jobs.log()));
        Posix.kill(slurmctld, Signal.CONT);
        JobInfo done = jobs.awaitEnd(id);
        assertEquals(0, done.restarts(), "a TERM that Slurm calls a cancel never requeues");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertTrue(jobs.log().contains(
                "ended by TERM (scancel, or Slurm ending the job): not requeued; the checkpoint is kept"), jobs.log()));
    }

    /** From SlurmctldPidFile in the slurm.conf the tests use. */
    private static int slurmctldPid() throws IOException {
        Path conf = Path.of(System.getenv().getOrDefault("SLURM_CONF", "/etc/slurm/slurm.conf"));
        String pidFile = Files.readAllLines(conf).stream().filter(l -> l.startsWith("SlurmctldPidFile="))
                .map(l -> l.substring("SlurmctldPidFile=".length()).strip()).findFirst()
                .orElseThrow(() -> new IllegalStateException(conf + " names no SlurmctldPidFile"));
        return Integer.parseInt(Files.readString(Path.of(pidFile)).strip());
    }
}
