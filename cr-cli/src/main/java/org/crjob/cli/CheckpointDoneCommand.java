package org.crjob.cli;

import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;

@Command(name = "checkpoint-done", mixinStandardHelpOptions = true,
        description = {
            "Tell the coordinator that the application has saved its state (run by the application, or its"
                + " signal handler, after a checkpoint signal). Creating $CRJOB_DONE_FILE does the same.",
        })
final class CheckpointDoneCommand extends BaseCommand {
    @Override
    public Integer call() {
        coordinator(Optional.empty()).call("checkpoint-done", null, Duration.ofSeconds(30));
        return ExitCode.OK;
    }
}
