package org.crjob.engine.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Folds a job's events into its {@link JobHistory}. Runs start at {@code run-start} and end at {@code run-end};
 * a log without them (an older crjob) has one run per coordinator, from {@code coordinator-start} to
 * {@code coordinator-stop}. A restore logged just before a {@code run-start} (crjob run restores, then starts the
 * run's record) is that run's. Events it does not know are passed over.
 */
final class HistoryBuilder {
    private final String jobId;
    private final boolean runEvents;
    private final List<Run> runs = new ArrayList<>();
    private RunDraft current;
    private String command;
    private Double budgetLeft;
    private Double signalLead;
    /** A restore logged before its run's run-start, as crjob run logs it. */
    private Restore restoreBeforeRun;

    private HistoryBuilder(String jobId, boolean runEvents) {
        this.jobId = jobId;
        this.runEvents = runEvents;
    }

    static JobHistory of(String jobId, List<JobEvent> events) {
        HistoryBuilder builder = new HistoryBuilder(jobId, events.stream().anyMatch(e -> e.is("run-start")));
        events.forEach(builder::read);
        builder.closeRun();
        return new JobHistory(jobId, builder.command, List.copyOf(builder.runs), builder.runEvents, builder.budgetLeft,
                builder.signalLead);
    }

    private void read(JobEvent event) {
        if (event.is(runEvents ? "run-start" : "coordinator-start")) {
            startRun(event);
        }
        if (current == null && !runEvents && !event.is("coordinator-stop")) {
            current = new RunDraft(runs.size() + 1, event.time());
        }
        if (current == null) {
            if (event.is("restore")) {
                restoreBeforeRun = Restore.of(event);
            }
            return;
        }
        current.lastSeen = event.time();
        readInRun(event);
    }

    private void startRun(JobEvent event) {
        closeRun();
        current = new RunDraft(event.integer("run").orElse(runs.size() + 1), event.time());
        current.host = event.text("host").orElse(null);
        current.limitSeconds = event.number("limitSeconds").orElse(null);
        current.budgetLeftSeconds = event.number("budgetLeftSeconds").orElse(null);
        current.restore = restoreBeforeRun;
        restoreBeforeRun = null;
        if (current.budgetLeftSeconds != null) {
            budgetLeft = current.budgetLeftSeconds;
        }
    }

    private void readInRun(JobEvent event) {
        switch (event.name()) {
            case "launch" -> launched(event);
            case "restore" -> current.restore = Restore.of(event);
            case "checkpoint-start" -> current.checkpointStarted = event.time();
            case "checkpoint" -> checkpointDone(CheckpointMark.stored(current.checkpointStarted, event));
            case "checkpoint-failed" -> checkpointDone(CheckpointMark.failed(current.checkpointStarted, event));
            case "deadline" -> deadline(event);
            case "engine-failure" -> current.engineFailures.add(event.text("error").orElse("no reason recorded"));
            case "exit" -> exited(event);
            case "requeue" -> requeued(event);
            case "run-end" -> ended(event);
            case "coordinator-stop" -> coordinatorStopped(event);
            default -> { } // unknown to this crjob, or nothing the report shows
        }
    }

    private void launched(JobEvent event) {
        if (current.launched == null) {
            current.launched = event.time();
        }
        if (command == null) {
            command = event.text("command").orElse(null);
        }
    }

    private void checkpointDone(CheckpointMark mark) {
        current.checkpoints.add(mark);
        current.checkpointStarted = null;
    }

    /** A deadline moved by Slurm's warning signal tells the signal's lead: the limit minus the signal's time. */
    private void deadline(JobEvent event) {
        boolean bySignal = event.text("why").map(why -> why.toLowerCase(Locale.ROOT).contains("signal")).orElse(false);
        event.instant("endTime").filter(end -> bySignal).ifPresent(end -> {
            double lead = Duration.between(event.time(), end).toSeconds();
            signalLead = signalLead == null ? lead : Math.max(signalLead, lead);
        });
    }

    private void exited(JobEvent event) {
        current.exitStatus = event.integer("status").orElse(null);
        current.exitSavedAndQuit = event.flag("savedAndQuit");
    }

    private void requeued(JobEvent event) {
        event.number("chargedSeconds").ifPresent(charged -> current.chargedSeconds = charged);
        event.number("budgetLeftSeconds").ifPresent(left -> budgetLeft = left);
    }

    private void ended(JobEvent event) {
        current.ending = event.text("ending").orElse("no end recorded");
        event.integer("exitStatus").ifPresent(status -> current.exitStatus = status);
        event.number("chargedSeconds").ifPresent(charged -> current.chargedSeconds = charged);
        current.end = event.time();
        closeRun();
    }

    private void coordinatorStopped(JobEvent event) {
        current.end = event.time();
        if (!runEvents) {
            closeRun();
        }
    }

    private void closeRun() {
        if (current != null) {
            runs.add(current.close(current.lastSeen));
            current = null;
        }
    }
}
