package org.crjob.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.crjob.engine.coordinator.CoordinatorConfig;
import org.crjob.engine.coordinator.CoordinatorLocator;
import org.crjob.engine.coordinator.CoordinatorStarter;
import org.crjob.engine.coordinator.Engines;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.engine.protocol.JobPaths;
import org.crjob.engine.signal.SignalEngine;
import org.crjob.engine.store.CheckpointStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "start-coordinator", mixinStandardHelpOptions = true,
        description = {
            "Start this job's coordinator: a small detached process that takes checkpoints (on request, on an"
                + " interval, before the time limit) and answers crjob checkpoint/status/quit from anywhere.",
            "",
            "It prints the export lines later commands need; use it as:",
            "  eval \"$(crjob start-coordinator -i 600)\"",
            "It writes .crjob/<jobid>/coordinator.json (private to you) and ./crjob_command.<jobid>, a wrapper"
                + " that works from a login node: ./crjob_command.<jobid> checkpoint",
        })
final class StartCoordinatorCommand extends BaseCommand {

    @Option(names = {"-i", "--interval"}, paramLabel = "SECONDS", defaultValue = "0",
            description = "Checkpoint every SECONDS seconds; 0 (the default) for none.")
    long interval;

    @Option(names = "--engine", defaultValue = SignalEngine.NAME, paramLabel = "ENGINE",
            description = "How the application is checkpointed: signal (it saves itself when signalled) or dmtcp"
                    + " (DMTCP captures the unmodified process; needs DMTCP, found through $DMTCP_ROOT, then PATH)."
                    + " Default: ${DEFAULT-VALUE}.")
    String engine;

    @Option(names = "--ckpt-dir", paramLabel = "DIR", defaultValue = "crjob.ckpt",
            description = "Where checkpoint generations are kept. Default: ./${DEFAULT-VALUE}.")
    Path ckptDir;

    @Option(names = "--keep", paramLabel = "N", defaultValue = "" + CheckpointStore.DEFAULT_KEEP,
            description = "How many checkpoint generations to keep. Default: ${DEFAULT-VALUE}.")
    int keep;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "The TCP port to listen on; 0 (the default) picks a free one.")
    int port;

    @Option(names = "--stay", description = "Keep running after the application exits, until crjob quit.")
    boolean stay;

    @Mixin
    JsonMixin json;

    @Override
    public Integer call() {
        Engines.requireAvailable(engine); // DMTCP missing: fail here, at once, not in the detached daemon
        String jobId = CoordinatorLocator.currentJobId(System.getenv());
        Path workDir = Path.of("").toAbsolutePath();
        CoordinatorConfig config = new CoordinatorConfig(jobId, engine, workDir, ckptDir, keep,
                Duration.ofSeconds(interval), !stay, Duration.ofSeconds(30));
        CoordinatorInfo info = CoordinatorStarter.start(config, port, Duration.ofSeconds(30));
        JobPaths paths = new JobPaths(workDir, jobId);
        CommandWrapper.write(paths.commandWrapper(), jobId);
        if (json.enabled()) {
            json.print(Map.of("job", jobId, "host", info.host(), "port", info.port(), "pid", info.pid(),
                    "stateFile", paths.stateFile().toString(), "ckptDir", info.ckptDir().toString()));
        } else {
            out().println("export " + CoordinatorLocator.ENV_JOB_ID + "=" + ShellQuote.quote(jobId));
            out().println("export " + CoordinatorLocator.ENV_STATE_FILE + "=" + ShellQuote.quote(paths.stateFile().toString()));
            out().println("export CRJOB_COORD_HOST=" + ShellQuote.quote(info.host()));
            out().println("export CRJOB_COORD_PORT=" + info.port());
        }
        event("coordinator for job " + jobId + " started (pid " + info.pid() + ", " + info.host() + ":" + info.port()
                + "); checkpoints go to " + info.ckptDir());
        return ExitCode.OK;
    }
}
