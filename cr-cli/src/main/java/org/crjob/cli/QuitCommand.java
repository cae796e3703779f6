package org.crjob.cli;

import java.time.Duration;
import org.crjob.engine.coordinator.CoordinatorCall;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "quit", mixinStandardHelpOptions = true,
        description = "Stop the application (TERM, then KILL after 30 s) and the coordinator. No checkpoint is"
                + " taken: run crjob checkpoint first if you want one.")
final class QuitCommand extends BaseCommand {
    @Mixin
    JobMixin job;

    @Option(names = "--now", description = "Kill the application at once (KILL) instead of asking it to stop.")
    boolean now;

    @Override
    public Integer call() {
        CoordinatorCall coordinator = coordinator(job.job());
        return hereOrOnTheNode(coordinator, () -> {
            coordinator.call(now ? "kill" : "quit", null, Duration.ofSeconds(90));
            out().println("coordinator stopped");
            return ExitCode.OK;
        });
    }
}
