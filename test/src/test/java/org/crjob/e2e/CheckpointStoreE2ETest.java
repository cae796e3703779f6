package org.crjob.e2e;

import static org.awaitility.Awaitility.await;
import static org.crjob.e2e.VariableTimeJobs.COUNT;
import static org.crjob.e2e.VariableTimeJobs.CRJOB;
import static org.crjob.e2e.VariableTimeJobs.PATIENCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.IntStream;
import org.crjob.posix.Signal;
import org.crjob.process.Command;
import org.crjob.process.ExecCommandRunner;
import org.crjob.slurm.SignalTarget;
import org.crjob.slurm.SubmitRequest;
import org.junit.jupiter.api.Test;

/**
 * What a restart takes from the checkpoint store (issue 15): only bytes whose sha256 ties them to their capture, put
 * where this run says.
 */
class CheckpointStoreE2ETest extends VariableTimeJobsTest {

    @Test
    void aFlippedByteInTheNewestGenerationMakesTheNextRunRestoreTheOlderOneAndVerifyFailIt() throws Exception {
        // a state file as large as the (512 MiB) beside the count: today's store had not hashed such a
        // generation when the run that wrote it ended, and the next run took it by size and time
        String id = jobs.submitScript("-t 5 --comment=01:00:00 --signal=B:USR1@60",
                "[ -f big.dat ] || head -c 536870912 /dev/urandom > big.dat\n"
                + "export COUNT_TO=150 COUNT_STEP=0.2\n"
                + "exec " + CRJOB + " run --min-run 1 --state count.ckpt --state big.dat -- " + COUNT + "\n");
        await().atMost(PATIENCE).until(() -> jobs.counted().size() >= 10);
        jobs.slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);
        jobs.awaitRequeued(id, 1);
        jobs.releaseUntilRunning(id);
        // count.txt is the second run's once it says so (the first run counted on while its 512 MiB were copied)
        await().atMost(PATIENCE).until(() -> jobs.log().contains("count: restarted from checkpoint generation 1")
                && jobs.counted().size() >= 15);
        jobs.slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);
        jobs.awaitRequeued(id, 2);
        assertTrue(jobs.log().contains("checkpoint 2 done"), jobs.log());
        int first = lastNumberIn(jobs.store(id).resolve("gen-000001/state1-count.ckpt"));

        flipFirstByteKeepingSizeAndTime(jobs.store(id).resolve("gen-000002/state1-count.ckpt"));
        jobs.runsAgainToCompletion(id);
        assertTrue(jobs.log().contains("generation 2 fails verification (state1-count.ckpt: sha256 differs from the"
                + " manifest): not restored; trying generation 1"), jobs.log());
        assertTrue(jobs.log().contains("restarting from checkpoint generation 1 (run 3)"), jobs.log());
        assertTrue(jobs.log().contains("count: counting from " + (first + 1) + " to 150"), jobs.log());
        jobs.assertEveryNumberCountedOnce(150);
        Crjob.Result verify = Crjob.run(dir, "checkpoints", "verify", "--ckpt-dir", jobs.store(id).toString());
        assertEquals(6, verify.exitCode(), verify::toString);
        assertTrue(verify.out().matches("(?s).*\\n2 .* FAILED: state1-count.ckpt: sha256 differs from the manifest\\n"
                + ".*"), verify::toString);
        assertTrue(verify.out().matches("(?s).*\\n1 .* ok\\n.*"), verify::toString);
    }

    @Test
    void aJobWhoseDirectoryMovedWhileItWaitedRestartsFromItsCheckpointInTheNewDirectory() throws Exception {
        Path before = Files.createDirectory(dir.resolve("before"));
        Path after = dir.resolve("after");
        Path script = BatchScripts.write(dir, "job.sh", "export COUNT_TO=100 COUNT_STEP=0.2\n"
                + "exec " + CRJOB + " run --min-run 1 --state count.ckpt -- " + COUNT + "\n");
        String id = jobs.submitted(jobs.slurm.submit(SubmitRequest.of(script).withOptions("-t", "5",
                "--comment=01:00:00", "--signal=B:USR1@60", "--requeue", "--open-mode=append",
                "--output=" + dir.resolve("job.log")).from(before)));
        await().atMost(PATIENCE).until(() -> counted(before) >= 10);
        jobs.slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);
        jobs.awaitRequeued(id, 1);
        int checkpointed = lastNumberIn(before.resolve("crjob.ckpt").resolve(id).resolve("gen-000001/state1-count.ckpt"));

        Files.move(before, after);
        new ExecCommandRunner().runChecked(Command.of("scontrol", "update", "JobId=" + id, "WorkDir=" + after));
        jobs.runsAgainToCompletion(id);
        assertTrue(jobs.log().contains("count: restarted from checkpoint generation 1"), jobs.log());
        assertTrue(jobs.log().contains("count: counting from " + (checkpointed + 1) + " to 100"), jobs.log());
        assertFalse(Files.exists(before), "nothing restored into the old directory, which is not re-created");
        assertEquals(IntStream.rangeClosed(1, 100).boxed().toList(), numbersIn(after.resolve("count.txt")));
    }

    private static int counted(Path jobDir) {
        return Files.exists(jobDir.resolve("count.txt")) ? numbersIn(jobDir.resolve("count.txt")).size() : 0;
    }

    private static List<Integer> numbersIn(Path file) {
        return BatchScripts.read(file).lines().filter(l -> !l.isBlank()).map(Integer::parseInt).toList();
    }

    private static int lastNumberIn(Path file) {
        List<Integer> numbers = numbersIn(file);
        return numbers.get(numbers.size() - 1);
    }

    /** One byte changed in place, the size and modification time put back as they were. */
    private static void flipFirstByteKeepingSizeAndTime(Path file) throws IOException {
        FileTime time = Files.getLastModifiedTime(file);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            int b = f.read();
            f.seek(0);
            f.write(b == '9' ? '8' : b + 1); // still a digit: the count goes on from a wrong number
        }
        Files.setLastModifiedTime(file, time);
    }
}
