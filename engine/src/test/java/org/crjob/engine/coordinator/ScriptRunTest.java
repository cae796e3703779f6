package org.crjob.engine.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crjob.engine.AppSpec;
import org.crjob.engine.CheckpointEngine;
import org.crjob.engine.RunningApp;
import org.crjob.engine.jobfiles.EventLog;
import org.crjob.engine.jobfiles.RecordedEvents;
import org.crjob.engine.signal.SignalEngine;
import org.crjob.engine.store.SnapshotRequest;
import org.crjob.joblog.RecordingJobLog;
import org.crjob.posix.Signal;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.crjob.slurm.RecordingSlurm;
import org.crjob.slurm.SlurmTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run of a job script that drives crjob itself, as its detached coordinator records it: run-start once per run,
 * run-end once, when the application ends by itself, with crjob run's ending names.
 */
class ScriptRunTest {
    /** No such process: the coordinator only bookkeeps it. */
    private static final int PID = 999_999_999;
    private static final Instant STARTED = Instant.parse("2026-01-02T12:00:00Z");

    @TempDir
    Path dir;
    @RegisterExtension
    final OpenedInTest open = new OpenedInTest();

    private final RecordingJobLog log = new RecordingJobLog();

    @Test
    void aRunStartsOnceThoughTheScriptStartsASecondCoordinator() {
        ScriptRun run = run(Map.of("SLURM_JOB_ID", "42", "SLURM_RESTART_COUNT", "1"));

        run.started(Optional.of(job()));
        run.started(Optional.of(job()));

        JsonNode start = recorded().only("run-start");
        assertEquals(2, start.get("run").asInt());
        assertEquals("42", start.get("jobId").asText());
        assertEquals(300, start.get("limitSeconds").asInt());
        assertEquals(STARTED.plusSeconds(300).toString(), start.get("endTime").asText());
        assertEquals(1800, start.get("budgetLeftSeconds").asInt());
        assertTrue(start.get("restoredFrom").isNull(), "the script's restore comes after: " + start);
    }

    @Test
    void whenSlurmCannotSayTheRunStartsWithoutItsLimitAndBudget() {
        ScriptRun run = run(Map.of("SLURM_JOB_ID", "42"));

        run.started(run.job(new FailingSlurm(), log));

        JsonNode start = recorded().only("run-start");
        assertEquals(1, start.get("run").asInt());
        assertTrue(start.get("limitSeconds").isNull() && start.get("budgetLeftSeconds").isNull(), start.toString());
        assertTrue(log.events().get(0).contains("run 1's start is recorded without its limit and budget"),
                log.toString());
    }

    @Test
    void aCoordinatorOutsideTheJobItServesRecordsNoRun() {
        CoordinatorConfig config = config();

        assertTrue(ScriptRun.of(config, Map.of(), events()).isEmpty(), "not in a Slurm job");
        assertTrue(ScriptRun.of(config, Map.of("SLURM_JOB_ID", "7"), events()).isEmpty(), "in another job");
    }

    @Test
    void anApplicationThatFinishesByItselfEndsTheRunAsFinished() {
        Coordinator coordinator = started(run(Map.of("SLURM_JOB_ID", "42")));

        coordinator.exited(PID, 0);

        JsonNode end = recorded().only("run-end");
        assertEquals(1, end.get("run").asInt());
        assertEquals("finished", end.get("ending").asText());
        assertEquals(0, end.get("exitStatus").asInt());
        assertTrue(end.get("chargedSeconds").isNull(), "nothing charged it: " + end);
        assertEquals(List.of("run-start", "launch", "exit", "run-end"), names());
    }

    @Test
    void anApplicationThatFailsEndsTheRunAsFailed() {
        Coordinator coordinator = started(run(Map.of("SLURM_JOB_ID", "42")));

        coordinator.exited(PID, 3);

        JsonNode end = recorded().only("run-end");
        assertEquals("failed", end.get("ending").asText());
        assertEquals(3, end.get("exitStatus").asInt());
    }

    @Test
    void anApplicationStoppedByQuitLeavesTheRunsEndToTheRequeue() {
        Coordinator coordinator = started(run(Map.of("SLURM_JOB_ID", "42")));

        coordinator.quit();
        coordinator.exited(PID, 143);

        assertEquals(List.of(), recorded().named("run-end"));
    }

    @Test
    void aRunEndsOnceThoughASecondApplicationEndsInIt() {
        Coordinator coordinator = started(run(Map.of("SLURM_JOB_ID", "42")));
        coordinator.exited(PID, 0);

        coordinator.register(spec(), PID + 1);
        coordinator.exited(PID + 1, 1);

        assertEquals("finished", recorded().only("run-end").get("ending").asText());
    }

    @Test
    void anEngineThatFailsUnderTheApplicationEndsTheRunAsEngineFailure() {
        ScriptRun run = run(Map.of("SLURM_JOB_ID", "42"));
        run.started(Optional.of(job()));

        run.applicationEnded(99, new FailingEngine());

        JsonNode end = recorded().only("run-end");
        assertEquals("engine-failure", end.get("ending").asText());
        assertEquals(99, end.get("exitStatus").asInt());
    }

    /** A coordinator of job 42 whose run has started and whose application (a bookkept pid) is registered. */
    private Coordinator started(ScriptRun run) {
        run.started(Optional.of(job()));
        Coordinator coordinator = SignalCoordinators.open(dir, open, Duration.ZERO);
        coordinator.whenApplicationEndsByItself(status -> run.applicationEnded(status, new SignalEngine()));
        coordinator.register(spec(), PID);
        return coordinator;
    }

    private ScriptRun run(Map<String, String> env) {
        return ScriptRun.of(config(), env, events()).orElseThrow();
    }

    private CoordinatorConfig config() {
        return DaemonFixture.config("42", dir, dir.resolve("ckpt"), Duration.ZERO, true);
    }

    /** Where SignalCoordinators' coordinator writes its events. */
    private EventLog events() {
        return new EventLog(dir.resolve("events.jsonl"), log);
    }

    private RecordedEvents recorded() {
        return new RecordedEvents(dir.resolve("events.jsonl"));
    }

    private List<String> names() {
        return recorded().all().stream().map(e -> e.get("event").asText()).toList();
    }

    private AppSpec spec() {
        return new AppSpec(List.of("./sim"), List.of(), Signal.USR1, dir.resolve("done"), Duration.ofSeconds(5));
    }

    private static JobInfo job() {
        return new JobInfo("42", "vt", JobState.RUNNING, "None", Optional.of(STARTED),
                Optional.of(STARTED.plusSeconds(300)), SlurmTime.parse("00:05:00"), "00:30:00", 0, Path.of("/tmp"),
                Optional.of("node1"), true, Map.of());
    }

    /** A Slurm whose scontrol fails, as a swamped controller's does. */
    private static final class FailingSlurm extends RecordingSlurm {
        @Override
        public JobInfo showJob(String jobId) {
            throw new IllegalStateException("scontrol: error: Socket timed out on send/recv operation");
        }
    }

    /** An engine that says status 99 is its own failure under the application (as DMTCP's DMTCP_FAIL_RC). */
    private static final class FailingEngine implements CheckpointEngine {
        @Override
        public String name() {
            return "failing";
        }

        @Override
        public SnapshotRequest capture(RunningApp app) {
            throw new UnsupportedOperationException("not checkpointed in this test");
        }

        @Override
        public List<CheckpointEngine.StateFile> stateFiles(RunningApp app) {
            return List.of();
        }

        @Override
        public Optional<String> engineFailure(int status) {
            return status == 99 ? Optional.of("the engine died under the application") : Optional.empty();
        }
    }
}
