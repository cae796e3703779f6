package org.crjob.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crjob.process.Command;
import org.crjob.process.ExecCommandRunner;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.junit.jupiter.api.Test;

/**
 * A job's whole life in its {@code events.jsonl}, as {@code crjob report} replays it: a counting job requeued twice by
 * Slurm's own warning signal before a real time limit, then finishing in its third run.
 */
@EndToEnd
class EventsE2ETest extends VariableTimeJobsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eventsRecordEveryRunItsCheckpointsRestoresAndRequeuesUntilTheWorkIsDone() throws Exception {
        // 3-minute runs, USR1 90 s before the end: 30 to 90 s of counting a run, so 240 s of it takes three runs;
        // the third is given 10 minutes (as an administrator would) so that it finishes rather than requeues again
        String id = jobs.submit("-t 3 --comment=00:30:00 --signal=B:USR1@90", 240, "1", "--min-run 1");
        for (int run = 1; run <= 2; run++) {
            int restarts = run;
            await().atMost(Duration.ofMinutes(4)).until(() -> jobs.slurm.showJob(id),
                    j -> j.state() == JobState.PENDING && j.restarts() == restarts);
            if (run == 2) {
                new ExecCommandRunner().runChecked(Command.of("scontrol", "update", "JobId=" + id, "TimeLimit=10"));
            }
            jobs.releaseUntilRunning(id);
        }
        JobInfo done = jobs.awaitEndThroughRequeues(id, Duration.ofMinutes(6));
        assertEquals(JobState.COMPLETED, done.state(), jobs.log());
        jobs.assertEveryNumberCountedOnce(240);

        List<JsonNode> events = events(id);
        String all = events.toString();
        assertEquals(List.of(1, 2, 3), ints(named(events, "run-start"), "run"), all);
        assertEquals(List.of(1, 2, 3), ints(named(events, "run-end"), "run"), all);
        assertEquals(List.of("requeued", "requeued", "finished"),
                named(events, "run-end").stream().map(e -> e.get("ending").asText()).toList(), all);
        for (int run = 1; run <= 2; run++) {
            List<JsonNode> lines = run(events, run);
            JsonNode checkpoint = last(lines, "checkpoint");
            JsonNode capture = checkpoint.get("capture");
            assertTrue(capture.get("link").asInt() + capture.get("reflink").asInt() + capture.get("copy").asInt() >= 1,
                    "the checkpoint before requeue " + run + " says how its files were captured: " + checkpoint);
            assertTrue(lines.indexOf(checkpoint) < lines.indexOf(last(lines, "requeue")), lines.toString());
            JsonNode restore = last(run(events, run + 1), "restore");
            assertEquals(checkpoint.get("generation").asInt(), restore.get("generation").asInt(),
                    "run " + (run + 1) + " restores what run " + run + " stored last: " + all);
            assertTrue(restore.get("verified").asBoolean(), restore.toString());
            assertEquals(restore.get("generation").asInt(),
                    last(run(events, run + 1), "run-start").get("restoredFrom").asInt(), all);
        }
        List<Integer> budgets = ints(named(events, "requeue"), "budgetLeftSeconds");
        assertEquals(2, budgets.size(), all);
        assertTrue(budgets.get(1) < budgets.get(0) && budgets.get(0) < 30 * 60, "budget left falls: " + budgets);
        assertTrue(named(events, "deadline").size() >= 3, "planned at each run's start: " + all);
    }

    private List<JsonNode> events(String id) {
        Path file = dir.resolve(".crjob").resolve(id).resolve("events.jsonl");
        try {
            List<JsonNode> events = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                events.add(JSON.readTree(line));
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of run {@code run}: after the previous run's run-end, up to and with its own. */
    private static List<JsonNode> run(List<JsonNode> events, int run) {
        List<JsonNode> lines = new ArrayList<>();
        int ended = 0;
        for (JsonNode event : events) {
            if (ended == run - 1) {
                lines.add(event);
            }
            if (event.get("event").asText().equals("run-end")) {
                ended++;
            }
        }
        return lines;
    }

    private static List<JsonNode> named(List<JsonNode> events, String name) {
        return events.stream().filter(e -> e.get("event").asText().equals(name)).toList();
    }

    private static JsonNode last(List<JsonNode> events, String name) {
        List<JsonNode> lines = named(events, name);
        assertTrue(!lines.isEmpty(), "no " + name + " event among " + events);
        return lines.get(lines.size() - 1);
    }

    private static List<Integer> ints(List<JsonNode> events, String field) {
        return events.stream().map(e -> e.get(field).asInt()).toList();
    }
}
