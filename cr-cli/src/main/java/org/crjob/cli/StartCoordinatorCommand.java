package org.crjob.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crjob.engine.EngineKind;
import org.crjob.engine.dmtcp.DmtcpOptions;
import org.crjob.engine.launch.DetachedCoordinator;
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

    @Option(names = {"-i", "--interval"}, paramLabel = "SECONDS", defaultValue = "0", converter = Bounded.Seconds.class,
            description = "Checkpoint every SECONDS seconds; 0 (the default) for none.")
    long interval;

    @Option(names = "--engine", paramLabel = "ENGINE",
            description = "How the application is checkpointed: signal (it saves itself when signalled) or dmtcp"
                    + " (DMTCP captures the unmodified process; needs DMTCP, found through $DMTCP_ROOT, then PATH)."
                    + " Default: ${DEFAULT-VALUE}.")
    String engine = EngineKind.SIGNAL.id();

    @Mixin
    StoreOptions store;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0", converter = Bounded.Port.class,
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
        DmtcpOptions dmtcpOptions = dmtcp.options(engine); // a usage error comes first
        long every = DmtcpMixin.interval(interval, engine, context.env(), log());
        DetachedCoordinator.Started started = DetachedCoordinator.start(new DetachedCoordinator.Request(engine,
                Duration.ofSeconds(every), store.ckptDir(), store.keep, port, !stay, dmtcpOptions), context.env(),
                context.workDir(), context.launcher(), log());
        CoordinatorInfo info = started.info();
        if (json.enabled()) {
            Map<String, Object> fields = new LinkedHashMap<>(Map.of("job", started.jobId(), "host", info.host(), "port",
                    info.port(), "pid", info.pid(), "stateFile", started.stateFile().toString(), "ckptDir",
                    info.ckptDir().toString()));
            if (started.dmtcpEnv().containsKey("DMTCP_COORD_PORT")) {
                fields.put("dmtcpPort", Integer.parseInt(started.dmtcpEnv().get("DMTCP_COORD_PORT")));
            }
            json.print(fields);
        } else {
            started.exports().forEach((name, value) -> out().println("export " + name + "="
                    + org.crjob.process.Command.shellQuote(value)));
        }
        event("coordinator for job " + started.jobId() + " started (pid " + info.pid() + ", " + info.host() + ":"
                + info.port() + "); checkpoints go to " + info.ckptDir());
        return ExitCode.OK;
    }
}
