package org.crjob.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crjob.engine.EngineKind;
import org.crjob.engine.coordinator.CoordinatorConfig;
import org.crjob.engine.coordinator.CoordinatorLocator;
import org.crjob.engine.coordinator.CoordinatorStarter;
import org.crjob.engine.coordinator.Engines;
import org.crjob.engine.dmtcp.DmtcpJobScript;
import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.engine.launch.DmtcpScriptRestart;
import org.crjob.engine.protocol.CoordinatorInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "start-coordinator", mixinStandardHelpOptions = true,
        description = {
            "Start this job's coordinator: a small detached process that checkpoints the application started under"
                + " it (crjob launch, crjob restart) when asked (crjob checkpoint, from anywhere) and every -i SECONDS,"
                + " and answers crjob status/quit. It stops when the application exits (unless --stay), on crjob quit,"
                + " or once the job's batch script has ended.",
            "",
            "It does not watch the time limit: it takes no checkpoint of its own before it, does not requeue the job"
                + " and charges nothing to the budget in Comment (crjob run does all of that). The job script does it,"
                + " on Slurm's --signal=B:SIG@LEAD: trap SIG and run crjob checkpoint, as crjob shell-init bash's"
                + " requeue_job and func_trap do (they also requeue and charge), or the dmtcp-start template's trap."
                + " Without such a trap the last checkpoint of the run is the interval's.",
            "",
            "It prints the export lines later commands need; use it as:",
            "  eval \"$(crjob start-coordinator -i 600)\"",
            "It writes .crjob/<jobid>/coordinator.json (private to you) and ./crjob_command.<jobid>, a wrapper"
                + " that works from a login node: ./crjob_command.<jobid> checkpoint",
            "With --engine dmtcp it also writes NERSC's ./dmtcp_command.<jobid> (--checkpoint, --status, --quit,"
                + " -i N), which runs the same crjob commands.",
        })
final class StartCoordinatorCommand extends BaseCommand {

    @Option(names = {"-i", "--interval"}, paramLabel = "SECONDS", defaultValue = "0",
            description = "Checkpoint every SECONDS seconds; 0 (the default) for none.")
    long interval;

    @Option(names = "--engine", paramLabel = "ENGINE",
            description = "How the application is checkpointed: signal (it saves itself when signalled) or dmtcp"
                    + " (DMTCP captures the unmodified process; needs DMTCP, found through $DMTCP_ROOT, then PATH)."
                    + " Default: ${DEFAULT-VALUE}.")
    String engine = EngineKind.SIGNAL.id();

    @Mixin
    StoreOptions store;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "The TCP port to listen on; 0 (the default) picks a free one.")
    int port;

    @Option(names = "--stay", description = "Keep running after the application exits, until crjob quit.")
    boolean stay;

    @Mixin
    DmtcpMixin dmtcp;

    @Mixin
    JsonMixin json;

    @Override
    public Integer call() {
        org.crjob.engine.dmtcp.DmtcpOptions dmtcpOptions = dmtcp.options(engine); // a usage error comes first
        Engines.requireAvailable(engine); // DMTCP missing: fail here, at once, not in the detached daemon
        String jobId = CoordinatorLocator.currentJobId(context.env());
        Path workDir = context.workDir();
        long every = DmtcpMixin.interval(interval, engine, context.env(), this::event);
        CoordinatorConfig config = new CoordinatorConfig(jobId, engine, workDir, store.ckptDir(), store.keep,
                Duration.ofSeconds(every), !stay, Duration.ofSeconds(30), dmtcpOptions);
        CoordinatorInfo info = CoordinatorStarter.start(config, port, Duration.ofSeconds(30));
        JobPaths paths = new JobPaths(workDir, jobId);
        CommandWrapper.write(paths.commandWrapper(), jobId, context.launcher());
        Map<String, String> exports = new LinkedHashMap<>();
        exports.put(CoordinatorLocator.ENV_JOB_ID, jobId);
        exports.put(CoordinatorLocator.ENV_STATE_FILE, paths.stateFile().toString());
        exports.put("CRJOB_COORD_HOST", info.host());
        exports.put("CRJOB_COORD_PORT", Integer.toString(info.port()));
        Map<String, String> dmtcpEnv = new LinkedHashMap<>();
        if (EngineKind.DMTCP.is(engine)) {
            CommandWrapper.writeDmtcp(paths.dmtcpCommandWrapper(), jobId, context.launcher()); // NERSC's login-node command
            dmtcpEnv.putAll(dmtcpEnvironment(info, workDir, exports));
        }
        if (json.enabled()) {
            Map<String, Object> fields = new LinkedHashMap<>(Map.of("job", jobId, "host", info.host(), "port",
                    info.port(), "pid", info.pid(), "stateFile", paths.stateFile().toString(), "ckptDir",
                    info.ckptDir().toString()));
            if (dmtcpEnv.containsKey("DMTCP_COORD_PORT")) {
                fields.put("dmtcpPort", Integer.parseInt(dmtcpEnv.get("DMTCP_COORD_PORT")));
            }
            json.print(fields);
        } else {
            exports.putAll(dmtcpEnv);
            exports.forEach((name, value) -> out().println("export " + name + "="
                    + org.crjob.process.Command.shellQuote(value)));
        }
        event("coordinator for job " + jobId + " started (pid " + info.pid() + ", " + info.host() + ":" + info.port()
                + "); checkpoints go to " + info.ckptDir());
        return ExitCode.OK;
    }

    /**
     * For job scripts that run DMTCP's own commands (NERSC's {@code dmtcp_launch -j ./payload.sh &} and
     * {@code ./dmtcp_restart_script.sh &}): the variables that make them use the job's real dmtcp_coordinator
     * (which crjob checkpoints) and its options; and, when the store holds a DMTCP generation, that generation
     * restored with ./dmtcp_restart_script.sh linked to its script.
     */
    private Map<String, String> dmtcpEnvironment(CoordinatorInfo info, Path workDir, Map<String, String> exports) {
        Map<String, String> env = DmtcpJobScript.environment(info, exports);
        DmtcpScriptRestart.restore(info.ckptDir(), workDir, context.jobEnv().restartCount(),
                this::event);
        java.util.List<String> onTheLine = DmtcpJobScript.optionsForTheLaunchLine(info);
        if (!onTheLine.isEmpty()) {
            event(String.join(" ", onTheLine) + ": used by crjob launch and crjob run; a job script's own dmtcp_launch"
                    + " needs them on its command line (DMTCP has no variable for them)");
        }
        return env;
    }
}
