package org.crjob.engine.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.crjob.engine.store.Capture;
import org.crjob.engine.store.CaptureMode;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.engine.store.SnapshotRequest;
import org.crjob.joblog.JobLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LintTest {
    @TempDir
    Path dir;

    @Test
    void theShippedTemplatesWithSaneValuesGetNoWarning() throws Exception {
        for (String template : List.of("signal-vt", "dmtcp-vt", "chain-link", "dmtcp-start", "dmtcp-restart")) {
            assertEquals(List.of(), render(template, "time=60", "budget=5-0", "command=./sim").warnings(), template);
        }
    }

    @Test
    void aLeadShorterThanTheLastMeasuredCheckpointIsReported() throws Exception {
        storeGeneration(Duration.ofSeconds(90));

        List<String> warnings = render("signal-vt", "time=60", "lead=60", "command=./sim").warnings();

        assertTrue(warnings.get(0).startsWith("the signal lead (60 s) is shorter than a checkpoint took here: 90."),
                warnings.toString());
        assertTrue(warnings.get(0).contains("set lead to at least 21"), warnings.toString()); // 2 x 90 s + 30 s
        assertEquals(List.of(), render("signal-vt", "time=60", "lead=91", "command=./sim").warnings().stream()
                .filter(w -> w.startsWith("the signal lead")).toList(), "a lead longer than the checkpoint is fine");
    }

    @Test
    void oldCheckpointsInTheDirectoryAreReported() throws Exception {
        storeGeneration(Duration.ofSeconds(1));
        Files.createFile(dir.resolve("crjob.ckpt.done"));

        List<String> warnings = render("chain-link", "time=60", "command=./sim").warnings();

        assertTrue(warnings.stream().anyMatch(w -> w.contains("crjob.ckpt already holds checkpoint generation 1")
                && w.contains("the job restarts from it, not from the beginning")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("crjob.ckpt.done exists: a chain on this checkpoint"
                + " directory has finished")), warnings.toString());
    }

    @Test
    void aRequeueingScriptWithoutRequeueOrAppendIsReported() throws Exception {
        List<String> warnings = render("signal-vt", "time=60", "command=./sim",
                "sbatch=[--no-requeue, --open-mode=truncate]").warnings();

        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("#SBATCH --open-mode=append is missing"), warnings.toString());
        assertTrue(warnings.get(1).startsWith("#SBATCH --requeue is missing: crjob run requeues this job"),
                warnings.toString());
        List<String> chain = render("chain-link", "time=60", "command=./sim", "sbatch=[--no-requeue]").warnings();
        assertEquals(List.of(), chain, "a chain's jobs do not requeue themselves");
    }

    @Test
    void aBudgetShorterThanOneRunIsReported() throws Exception {
        List<String> warnings = render("signal-vt", "time=2:00:00", "budget=90", "command=./sim").warnings();

        assertEquals(List.of("the budget (01:30:00) is shorter than one run (time 02:00:00): the first run can use it"
                + " all, and the job will never be requeued; make the budget longer than time, or time shorter"),
                warnings);
    }

    private RenderedJob render(String template, String... sets) {
        return RenderedJob.fromTemplate(template, List.of(sets), Templates.builtIn(), dir);
    }

    private void storeGeneration(Duration took) throws Exception {
        Path state = dir.resolve("state.dat");
        Files.writeString(state, "42");
        try (CheckpointStore store = CheckpointStore.open(dir.resolve("crjob.ckpt"), "test", JobLog.silent())) {
            store.commit(SnapshotRequest.of("signal", CaptureMode.LINK_OR_COPY, List.of(Capture.of(state)), took));
        }
    }
}
