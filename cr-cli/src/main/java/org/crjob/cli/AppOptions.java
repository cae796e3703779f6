package org.crjob.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.crjob.engine.coordinator.AppSpec;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.posix.Signal;
import picocli.CommandLine.Option;

/** How the signal engine asks the application for a checkpoint: shared by launch and restart. */
final class AppOptions {
    @Option(names = "--signal", paramLabel = "SIG", defaultValue = "USR1",
            description = "The signal that asks the application to save its state (USR1, INT, TERM, ...)."
                    + " Default: ${DEFAULT-VALUE}.")
    Signal signal;

    @Option(names = "--state", paramLabel = "PATH",
            description = "A file the application saves its state to; repeat for several. Each checkpoint"
                    + " stores copies of them, and a restart puts them back.")
    List<Path> state = new ArrayList<>();

    @Option(names = "--done-file", paramLabel = "PATH",
            description = "The file the application creates once its state is saved (also in"
                    + " $CRJOB_DONE_FILE). Running 'crjob checkpoint-done' or exiting works as well."
                    + " Default: .crjob/<jobid>/checkpoint.done.")
    Path doneFile;

    @Option(names = "--checkpoint-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "How long the application may take to save after the signal. Default: ${DEFAULT-VALUE}.")
    long checkpointTimeout;

    AppSpec spec(List<String> command, CoordinatorInfo coordinator) {
        Path done = doneFile != null ? doneFile
                : coordinator.workDir().resolve(".crjob").resolve(coordinator.jobId()).resolve("checkpoint.done");
        return new AppSpec(command, state, signal, done.toAbsolutePath(),
                Duration.ofSeconds(checkpointTimeout));
    }
}
