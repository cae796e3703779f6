package org.crjob.cli;

import java.time.Duration;
import java.util.Locale;
import org.crjob.engine.CheckpointOutcome;
import org.crjob.engine.coordinator.CoordinatorCall;
import org.crjob.engine.coordinator.Messages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = {
            "Take a checkpoint now and wait until it is stored. Works inside the job and, with --job, from a"
                + " login node.",
            "",
            "  crjob checkpoint --job 123456",
        })
final class CheckpointCommand extends BaseCommand {
    @Mixin
    JobMixin job;

    @Mixin
    JsonMixin json;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3600",
            description = "How long to wait for the checkpoint to be stored. Default: ${DEFAULT-VALUE}.")
    long timeout;

    @Override
    public Integer call() {
        CoordinatorCall coordinator = coordinator(job.job());
        return hereOrOnTheNode(coordinator, () -> {
            CheckpointOutcome outcome = coordinator.call("checkpoint",
                    Messages.JSON.createObjectNode().put("reason", "request"), Duration.ofSeconds(timeout),
                    CheckpointOutcome.class);
            if (json.enabled()) {
                json.print(outcome);
            } else {
                out().println("checkpoint " + outcome.generation() + " done: " + Sizes.human(outcome.bytes()) + " in "
                        + String.format(Locale.ROOT, "%.1f", outcome.seconds()) + " s");
            }
            return ExitCode.OK;
        });
    }
}
