package org.crjob.engine.run;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.crjob.engine.AppSpec;
import org.crjob.engine.EngineKind;
import org.crjob.engine.coordinator.Coordinator;
import org.crjob.engine.coordinator.CoordinatorConfig;
import org.crjob.engine.dmtcp.DmtcpOptions;
import org.crjob.engine.jobfiles.EventLog;
import org.crjob.engine.jobfiles.RecordedEvents;
import org.crjob.engine.launch.AppLauncher;
import org.crjob.engine.launch.ApplicationRun;
import org.crjob.engine.launch.LocalRegistry;
import org.crjob.engine.signal.SignalEngine;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.joblog.JobLog;
import org.crjob.joblog.RecordingJobLog;
import org.crjob.posix.Signal;
import org.crjob.process.Command;
import org.crjob.process.CommandFailedException;
import org.crjob.process.CommandResult;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.crjob.slurm.RecordingSlurm;
import org.crjob.slurm.SlurmCommandException;
import org.crjob.slurm.SlurmTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a run ends, decided with a stand-in Slurm, the signal engine and real application processes: every ending of
 * the README's table that a run decides itself, and the races (a signal as the application finishes, a save-and-quit
 * answer, a failed requeue, a TERM while the controller does not answer).
 */
class RunEndingTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Ten minutes into the job's hour: a requeue leaves budget for another run. */
    private static final Clock TEN_MINUTES_IN = Clock.fixed(Jobs.START.plusSeconds(600), ZoneOffset.UTC);
    /** Counts in count.txt; on USR1 saves its count to count.state, atomically, and goes on (or quits: $QUIT). */
    private static final String COUNTER = """
            #!/bin/bash
            n=0
            trap 'echo $n > state.tmp; mv state.tmp count.state; touch "$CRJOB_DONE_FILE"; [ -n "$QUIT" ] && exit 0' USR1
            echo started > started
            while true; do sleep 0.05 & wait $!; n=$((n + 1)); echo $n >> count.txt; done
            """;

    @TempDir
    Path dir;
    private final StandInSlurm slurm = new StandInSlurm();
    private final RecordingJobLog log = new RecordingJobLog();
    private final CompletableFuture<Trigger> trigger = new CompletableFuture<>();
    private CheckpointStore store;
    private Coordinator coordinator;

    private RecordedEvents events() {
        return new RecordedEvents(dir.resolve("events.jsonl"));
    }

    @AfterEach
    void close() {
        slurm.controllerAnswers.countDown();
        if (coordinator != null) {
            coordinator.stopApplication();
            coordinator.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private RunResult end(String script, Map<String, String> env, PreemptAction onPreempt, JobInfo job)
            throws Exception {
        return endAsync(script, env, onPreempt, job).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    private CompletableFuture<RunResult> endAsync(String script, Map<String, String> env, PreemptAction onPreempt,
                                                  JobInfo job) throws Exception {
        Path app = dir.resolve("app.sh");
        Files.writeString(app, script);
        app.toFile().setExecutable(true);
        RunOptions options = new RunOptions(List.of(app.toString()), List.of(dir.resolve("count.state")), Signal.USR1,
                PATIENCE, Signal.USR1, dir.resolve("ckpt"), 2, Duration.ZERO, new RequeuePolicy(50,
                Duration.ofMinutes(1)), DeadlinePlan.defaults(), EngineKind.SIGNAL.id(), DmtcpOptions.DEFAULTS,
                onPreempt, false, Optional.empty(), false, Optional.empty(), CheckpointAt.DEADLINE);
        SignalEngine engine = new SignalEngine();
        store = CheckpointStore.open(options.ckptDir(), "test", 2, JobLog.silent());
        EventLog events = new EventLog(dir.resolve("events.jsonl"), TEN_MINUTES_IN, JobLog.silent());
        coordinator = new Coordinator(new CoordinatorConfig("42", EngineKind.SIGNAL.id(), dir, options.ckptDir(), 2,
                Duration.ZERO, false, Duration.ofSeconds(5)), engine, store, events, TEN_MINUTES_IN);
        AppSpec spec = new AppSpec(options.command(), options.stateFiles(), Signal.USR1, dir.resolve("done"), PATIENCE);
        Map<String, String> appEnv = new HashMap<>(env);
        appEnv.put("CRJOB_DONE_FILE", spec.doneFile().toString());
        ApplicationRun run = new ApplicationRun(new AppLauncher(new LocalRegistry(coordinator)), () -> {
            throw new AssertionError("not restarted in place in these tests");
        }, log);
        CompletableFuture<Integer> application = CompletableFuture.supplyAsync(() -> run.run(
                new ApplicationRun.Start(spec, spec.command(), appEnv, dir, Optional.empty())));
        RunEnding ending = new RunEnding(options, slurm, new JobRequeue(slurm, options.policy(), events, log,
                TEN_MINUTES_IN), events, log, coordinator, engine, store, false);
        return CompletableFuture.supplyAsync(() -> ending.await(application, trigger, job, 0));
    }

    /** The counting application under a running job, ended by {@code kind} once it has counted. */
    private RunResult endOn(Trigger.Kind kind) throws Exception {
        return endOn(kind, COUNTER, Map.of(), PreemptAction.REQUEUE, Jobs.running());
    }

    /** Starts {@code script}, fires {@code kind} once it has counted, and waits for the run's end. */
    private RunResult endOn(Trigger.Kind kind, String script, Map<String, String> env, PreemptAction onPreempt,
                            JobInfo job) throws Exception {
        CompletableFuture<RunResult> running = endAsync(script, env, onPreempt, job);
        fireOnceStarted(kind);
        return running.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    private void fireOnceStarted(Trigger.Kind kind) {
        await().atMost(PATIENCE).until(() -> Files.exists(dir.resolve("count.txt")));
        trigger.complete(new Trigger(kind, kind == Trigger.Kind.PRE_TERMINATION_SIGNAL
                || kind == Trigger.Kind.SIGNAL_DEADLINE ? "SIGUSR1" : "SIGTERM",
                TEN_MINUTES_IN.instant()));
    }

    private List<Integer> generations() {
        return CheckpointStore.read(dir.resolve("ckpt")).generations().stream().map(g -> g.number()).toList();
    }

    @Test
    void anApplicationThatExitsOnItsOwnEndsTheRunWithItsStatusChargedAndNotRequeued() throws Exception {
        RunResult result = end("#!/bin/bash\nexit 3\n", Map.of(), PreemptAction.REQUEUE, Jobs.running());

        assertEquals(RunResult.Ending.APPLICATION_EXITED, result.ending());
        assertEquals(3, result.appStatus());
        assertEquals(List.of("comment 04:50:00"), slurm.calls, "charged ten minutes, nothing else");
    }

    @Test
    void anApplicationThatFailsEndsItsRunAsFailedWithItsStatusAndTheTimeCharged() throws Exception {
        end("#!/bin/bash\nexit 3\n", Map.of(), PreemptAction.REQUEUE, Jobs.running());

        JsonNode runEnd = events().only("run-end");
        assertEquals("{\"run\":1,\"ending\":\"failed\",\"exitStatus\":3,\"chargedSeconds\":600}",
                withoutTimeAndName(runEnd));
        assertEquals(runEnd, last(), "the run's last line");
    }

    @Test
    void anApplicationThatFinishesEndsItsRunAsFinished() throws Exception {
        end("#!/bin/bash\nexit 0\n", Map.of(), PreemptAction.REQUEUE, Jobs.running());

        assertEquals("finished", events().only("run-end").get("ending").asText());
    }

    @Test
    void aRequeuedRunRecordsItsCheckpointWithHowFilesWereCapturedThenTheRequeueThenItsEnd() throws Exception {
        endOn(Trigger.Kind.PRE_TERMINATION_SIGNAL);

        JsonNode checkpoint = events().only("checkpoint");
        assertEquals("{\"link\":0,\"reflink\":0,\"copy\":1}", checkpoint.get("capture").toString(),
                "count.state, copied: it was written in place, not renamed since a capture");
        assertEquals("{\"chargedSeconds\":600,\"budgetLeftSeconds\":17400,\"nextLimitSeconds\":3600}",
                withoutTimeAndName(events().only("requeue")));
        assertEquals("requeued", events().only("run-end").get("ending").asText());
        List<String> order = events().all().stream().map(e -> e.get("event").asText())
                .filter(e -> List.of("checkpoint", "requeue", "run-end").contains(e)).toList();
        assertEquals(List.of("checkpoint", "requeue", "run-end"), order);
    }

    @Test
    void aRunNotRequeuedForWantOfBudgetEndsAsBudgetSpent() throws Exception {
        endOn(Trigger.Kind.PRE_TERMINATION_SIGNAL, COUNTER, Map.of(), PreemptAction.REQUEUE,
                Jobs.withComment("00:10:30"));

        assertEquals("budget-spent", events().only("run-end").get("ending").asText());
        assertEquals(List.of(), events().named("requeue"), "no requeue, so no requeue event");
    }

    @Test
    void aCancelledRunEndsAsStoppedAndARefusedRequeueAsFailed() throws Exception {
        endOn(Trigger.Kind.PREEMPTED, COUNTER, Map.of(), PreemptAction.STOP, Jobs.running());

        assertEquals("stopped", events().only("run-end").get("ending").asText());
    }

    @Test
    void aRequeueThatSlurmRefusesEndsTheRunAsFailed() throws Exception {
        slurm.refuseRequeue = true;

        endOn(Trigger.Kind.PRE_TERMINATION_SIGNAL);

        assertEquals("failed", events().only("run-end").get("ending").asText());
    }

    /** The line's own fields, without the time and the event's name. */
    private static String withoutTimeAndName(JsonNode line) {
        ObjectNode copy = line.deepCopy();
        copy.remove(List.of("time", "event"));
        return copy.toString();
    }

    private JsonNode last() {
        List<JsonNode> all = events().all();
        return all.get(all.size() - 1);
    }

    @Test
    void slurmsWarningSignalCheckpointsChargesAndRequeues() throws Exception {
        RunResult result = endOn(Trigger.Kind.PRE_TERMINATION_SIGNAL);

        assertEquals(RunResult.Ending.REQUEUED, result.ending(), log::toString);
        assertEquals(List.of(1), generations());
        assertEquals(List.of("comment 04:50:00", "requeue"), slurm.calls);
    }

    @Test
    void crjobsOwnDeadlineCheckpointsChargesAndRequeuesLikeTheSignal() throws Exception {
        RunResult result = endOn(Trigger.Kind.DEADLINE);

        assertEquals(RunResult.Ending.REQUEUED, result.ending(), log::toString);
        assertTrue(log.events().contains("crjob's own deadline (no signal came in time) with 00:50:00 left:"
                + " checkpointing"), log::toString);
    }

    @Test
    void crjobsDeadlineAfterTheWarningSignalCheckpointsChargesAndRequeuesLikeTheSignal() throws Exception {
        RunResult result = endOn(Trigger.Kind.SIGNAL_DEADLINE);

        assertEquals(RunResult.Ending.REQUEUED, result.ending(), log::toString);
        assertEquals(List.of(1), generations());
        assertEquals(List.of("comment 04:50:00", "requeue"), slurm.calls);
    }

    @Test
    void aBudgetTooSmallForAnotherUsefulRunCheckpointsButDoesNotRequeue() throws Exception {
        JobInfo almostSpent = Jobs.withComment("00:10:30"); // 30 s left after these ten minutes, --min-run is 1 minute

        RunResult result = endOn(Trigger.Kind.PRE_TERMINATION_SIGNAL, COUNTER, Map.of(), PreemptAction.REQUEUE,
                almostSpent);

        assertEquals(RunResult.Ending.NOT_REQUEUED, result.ending(), log::toString);
        assertEquals(List.of(1), generations(), "the checkpoint is kept");
        assertFalse(slurm.calls.contains("requeue"));
    }

    @Test
    void anApplicationThatAnswersTheLastCheckpointBySavingAndQuittingIsRequeuedNotFinishedNorRestarted()
            throws Exception {
        RunResult result = endOn(Trigger.Kind.PRE_TERMINATION_SIGNAL, COUNTER, Map.of("QUIT", "1"),
                PreemptAction.REQUEUE, Jobs.running());

        assertEquals(RunResult.Ending.REQUEUED, result.ending(), log::toString);
        assertEquals(List.of(1), generations());
        assertEquals(0, coordinator.status().restartsInPlace());
    }

    @Test
    void aSignalThatComesAsTheApplicationFinishesEndsTheRunAsFinishedWithNoCheckpoint() throws Exception {
        CompletableFuture<RunResult> running = endAsync("#!/bin/bash\necho 1 > count.txt\nexit 0\n", Map.of(),
                PreemptAction.REQUEUE, Jobs.running());
        await().atMost(PATIENCE).until(() -> coordinator.awaitApplicationFinished(Duration.ZERO).isPresent());
        fireOnceStarted(Trigger.Kind.PRE_TERMINATION_SIGNAL);

        RunResult result = running.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

        assertEquals(RunResult.Ending.APPLICATION_EXITED, result.ending(), log::toString);
        assertEquals(0, result.appStatus());
        assertEquals(List.of(), generations());
    }

    @Test
    void aRequeueThatSlurmRefusesEndsTheRunWithItsCheckpointKept() throws Exception {
        slurm.refuseRequeue = true;

        RunResult result = endOn(Trigger.Kind.PRE_TERMINATION_SIGNAL);

        assertEquals(RunResult.Ending.REQUEUE_FAILED, result.ending());
        assertTrue(result.why().contains("The checkpoint is kept: requeue the job (scontrol requeue 42)"), result::why);
        assertEquals(List.of(1), generations());
    }

    @Test
    void aTermIsCheckpointedBeforeSlurmIsAskedWhyAndACancelIsNotRequeued() throws Exception {
        slurm.frozen = true;
        slurm.job = Jobs.running();
        CompletableFuture<RunResult> running = endAsync(COUNTER, Map.of(), PreemptAction.REQUEUE, Jobs.running());
        fireOnceStarted(Trigger.Kind.TERMINATED);

        await().atMost(PATIENCE).until(() -> generations().equals(List.of(1)));
        assertFalse(running.isDone(), "still waiting for the controller");
        assertTrue(log.events().stream().anyMatch(l -> l.startsWith("asking Slurm why TERM came")), log::toString);
        slurm.controllerAnswers.countDown();
        RunResult result = running.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

        assertEquals(RunResult.Ending.CANCELLED, result.ending());
        assertTrue(result.why().endsWith("not requeued; the checkpoint is kept for a later restart"), result::why);
        assertEquals(List.of("showJob", "comment 04:50:00"), slurm.calls);
    }

    @Test
    void aTermThatSlurmCallsTheTimeLimitIsRequeuedAfterItsCheckpoint() throws Exception {
        slurm.job = Jobs.job(JobState.COMPLETING, "TimeLimit", "05:00:00", SlurmTime.parse("01:00:00"), true,
                Map.of());

        RunResult result = endOn(Trigger.Kind.TERMINATED);

        assertEquals(RunResult.Ending.REQUEUED, result.ending(), log::toString);
        assertTrue(log.events().contains("Slurm's view of the job: TERM at the time limit (no warning signal came, and"
                + " crjob's own deadline was too late)"), log::toString);
    }

    @Test
    void aPreemptionWithOnPreemptStopCheckpointsAndIsNotRequeued() throws Exception {
        RunResult result = endOn(Trigger.Kind.PREEMPTED, COUNTER, Map.of(), PreemptAction.STOP, Jobs.running());

        assertEquals(RunResult.Ending.CANCELLED, result.ending());
        assertEquals(List.of(1), generations());
        assertTrue(result.why().startsWith("preempted: not requeued (--on-preempt stop)"), result::why);
    }

    /** Records what a run asks of Slurm; its controller can be frozen until the test lets it answer. */
    private static final class StandInSlurm extends RecordingSlurm {
        final CountDownLatch controllerAnswers = new CountDownLatch(1);
        volatile boolean frozen;
        volatile boolean refuseRequeue;

        @Override
        public JobInfo showJob(String jobId) {
            calls.add("showJob");
            if (frozen) {
                try {
                    if (!controllerAnswers.await(1, TimeUnit.MINUTES)) {
                        throw new IllegalStateException("the test did not let the frozen controller answer within a"
                                + " minute");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return job;
        }

        @Override
        public void requeue(String jobId) {
            if (refuseRequeue) {
                throw new SlurmCommandException("requeueing job " + jobId, new CommandFailedException(new CommandResult(
                        Command.of("scontrol", "requeue", jobId), 1, "", "scontrol: error: Requested operation is"
                        + " presently disabled for job " + jobId, Duration.ZERO)));
            }
            super.requeue(jobId);
        }
    }
}
