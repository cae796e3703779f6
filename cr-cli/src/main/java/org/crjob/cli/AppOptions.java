package org.crjob.cli;

import java.nio.file.Path;
import java.util.List;
import org.crjob.engine.AppSpec;
import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.engine.protocol.CoordinatorInfo;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** launch and restart: what to save, and where the application says it has saved. */
final class AppOptions {
    @Mixin
    SaveOptions save;

    @Option(names = "--done-file", paramLabel = "PATH",
            description = "The file the application creates once its state is saved (also in"
                    + " $CRJOB_DONE_FILE). Running 'crjob checkpoint-done' or exiting with status 0 works as well."
                    + " Default: .crjob/<jobid>/checkpoint.done.")
    Path doneFile;

    AppSpec spec(List<String> command, CoordinatorInfo coordinator) {
        return spec(command, save.state, coordinator);
    }

    /** @param stateFiles the --state paths, or for crjob restart without any, those of the generation restored */
    AppSpec spec(List<String> command, List<Path> stateFiles, CoordinatorInfo coordinator) {
        Path done = doneFile != null ? doneFile : new JobPaths(coordinator.workDir(), coordinator.jobId()).doneFile();
        return new AppSpec(command, stateFiles, save.signal(), done.toAbsolutePath(), save.timeout(), save.signalGroup,
                save.exitCode(), save.stopFile());
    }
}
