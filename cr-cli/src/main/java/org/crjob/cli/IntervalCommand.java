package org.crjob.cli;

import java.time.Duration;
import org.crjob.engine.coordinator.CoordinatorCall;
import org.crjob.engine.coordinator.Messages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "interval", mixinStandardHelpOptions = true,
        description = "Change how often the coordinator checkpoints: every SECONDS seconds, or 0 for never.")
final class IntervalCommand extends BaseCommand {
    @Mixin
    JobMixin job;

    @Parameters(paramLabel = "SECONDS", converter = Bounded.Seconds.class, description = "Seconds between checkpoints; 0 turns them off.")
    long seconds;

    @Override
    public Integer call() {
        CoordinatorCall coordinator = coordinator(job.job());
        return hereOrOnTheNode(coordinator, () -> {
            coordinator.call("interval", Messages.JSON.createObjectNode().put("seconds", seconds),
                    Duration.ofSeconds(30));
            out().println(seconds == 0 ? "periodic checkpoints off" : "checkpoint every " + seconds + " s");
            return ExitCode.OK;
        });
    }
}
