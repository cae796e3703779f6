package org.crjob.cli;

import java.time.Duration;
import java.util.Locale;
import org.crjob.engine.CheckpointOutcome;
import org.crjob.engine.coordinator.CoordinatorCall;
import org.crjob.engine.coordinator.CoordinatorStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the job's coordinator: the application, the last and next checkpoint, the interval.")
final class StatusCommand extends BaseCommand {
    @Mixin
    JobMixin job;

    @Mixin
    JsonMixin json;

    @Override
    public Integer call() {
        CoordinatorCall coordinator = coordinator(job.job());
        return hereOrOnTheNode(coordinator, () -> show(coordinator.call("status", null, Duration.ofSeconds(30),
                CoordinatorStatus.class)));
    }

    private int show(CoordinatorStatus status) {
        if (json.enabled()) {
            json.print(status);
            return ExitCode.OK;
        }
        row("job", status.jobId());
        row("engine", status.engine());
        row("coordinator pid", Integer.toString(status.coordinatorPid()));
        row("application", status.pid().map(pid -> "pid " + pid + (status.running() ? ", running"
                : ", exited with status " + status.exitStatus().map(String::valueOf).orElse("?")))
                .orElse("none launched yet"));
        row("interval", status.intervalSeconds() == 0 ? "none" : status.intervalSeconds() + " s");
        row("next checkpoint", status.nextCheckpoint().map(Object::toString).orElse("-"));
        row("last checkpoint", status.lastCheckpoint().map(StatusCommand::describe).orElse("none yet"));
        row("checkpoints taken", Integer.toString(status.checkpointsTaken()));
        row("restarts in place", status.restartsInPlace() + " (the application saved and quit, and was started"
                + " again in this allocation)");
        row("checkpoint dir", status.ckptDir());
        return ExitCode.OK;
    }

    private void row(String name, String value) {
        out().printf("%-18s %s%n", name, value);
    }

    private static String describe(CheckpointOutcome last) {
        return "generation " + last.generation() + " at " + last.time() + ", " + Sizes.human(last.bytes()) + " in "
                + String.format(Locale.ROOT, "%.1f", last.seconds()) + " s (" + last.reason() + ")";
    }
}
