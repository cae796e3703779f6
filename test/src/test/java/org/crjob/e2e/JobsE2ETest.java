package org.crjob.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.crjob.slurm.JobState;
import org.junit.jupiter.api.Test;

/** {@code crjob jobs} from a login node's point of view, on a real job that Slurm's own warning signal requeued. */
class JobsE2ETest extends VariableTimeJobsTest {

    @Test
    void aRequeuedCounterShowsItsSecondRunAndItsVerifiedCheckpoint() throws Exception {
        // 3-minute runs, USR1 90 s before the end: the first run checkpoints and requeues on Slurm's own signal;
        // the count is far longer than the test
        String id = jobs.submit("-t 3 --comment=00:20:00 --signal=B:USR1@90", 100000, "0.5", "--min-run 1");
        await().atMost(Duration.ofMinutes(3)).until(() -> jobs.slurm.showJob(id), j -> j.restarts() == 1);
        jobs.releaseUntilRunning(id);
        await().atMost(VariableTimeJobs.PATIENCE).until(() -> jobs.slurm.showJob(id),
                j -> j.state() == JobState.RUNNING && j.restarts() == 1);

        // the second run's crjob records its plan for the final checkpoint once the application has started
        await().atMost(VariableTimeJobs.PATIENCE).until(() -> plannedInSecondRun(id), Optional::isPresent);

        Crjob.Result table = Crjob.run(dir, "jobs");
        assertEquals(0, table.exitCode(), table.err());
        List<String> row = table.out().lines().filter(line -> line.startsWith(id + " ")).findFirst()
                .map(line -> List.of(line.split(" +"))).orElseThrow(() -> new AssertionError(table.out()));
        assertEquals(List.of(id, "RUNNING", "2", "1"), List.of(row.get(0), row.get(2), row.get(3), row.get(4)),
                table.out());
        assertTrue(table.out().contains(" yes "), "its last checkpoint is verified:\n" + table.out());
        table.out().lines().forEach(line -> assertTrue(line.length() <= 100, line));

        Crjob.Result json = Crjob.run(dir, "jobs", "--json");
        JsonNode mine = StreamSupport.stream(new ObjectMapper().readTree(json.out()).spliterator(), false)
                .filter(job -> job.get("jobId").asText().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(json.out()));
        assertEquals(2, mine.get("run").asInt(), json.out());
        assertEquals(1, mine.get("requeues").asInt(), json.out());
        assertTrue(mine.get("lastCheckpoint").get("verified").asBoolean(), json.out());
        assertEquals("ok", mine.get("health").asText(), json.out());
        Instant planned = plannedInSecondRun(id).orElseThrow(); // read after: the signal's deferral may move it
        assertEquals(planned, Instant.parse(mine.get("nextDeadline").asText()),
                "the final checkpoint the running crjob planned, not an estimate: " + json.out());
    }

    /** The checkpointAt of the newest deadline event after the job's second run-start, as its events.jsonl says. */
    private Optional<Instant> plannedInSecondRun(String id) throws IOException {
        Path events = dir.resolve(".crjob").resolve(id).resolve("events.jsonl");
        if (!Files.exists(events)) {
            return Optional.empty();
        }
        ObjectMapper mapper = new ObjectMapper();
        int runStarts = 0;
        Optional<Instant> planned = Optional.empty();
        for (String line : Files.readAllLines(events)) {
            JsonNode event = mapper.readTree(line);
            runStarts += event.get("event").asText().equals("run-start") ? 1 : 0;
            if (runStarts == 2 && event.get("event").asText().equals("deadline")
                    && event.hasNonNull("checkpointAt")) {
                planned = Optional.of(Instant.parse(event.get("checkpointAt").asText()));
            }
        }
        return planned;
    }
}
