package org.crjob.cli;

import java.time.Duration;
import org.crjob.engine.EngineKind;
import org.crjob.engine.dmtcp.DmtcpOptions;
import org.crjob.engine.run.CheckpointAt;
import org.crjob.engine.run.DeadlinePlan;
import org.crjob.engine.run.JobCheckpointDir;
import org.crjob.engine.run.PreemptAction;
import org.crjob.engine.run.RequeuePolicy;
import org.crjob.engine.run.RunOptions;
import org.crjob.engine.run.RunResult;
import org.crjob.engine.run.RunSession;
import org.crjob.posix.Signal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
            "Run the application for as long as its work needs, whatever the wall-time limit: launch it (or"
                + " restart it from its newest checkpoint), and when Slurm's warning signal comes, or crjob's own"
                + " deadline before the limit, checkpoint it, charge the time this run really took to the budget"
                + " in the job's Comment, and requeue the job, until the work is done or the budget is spent.",
            "",
            "The job script (exec matters: Slurm's B: signal reaches only the batch shell, and exec makes crjob"
                + " that shell; a script that runs crjob in the foreground without exec dies on the signal):",
            "",
            "  #SBATCH -t 12:00:00 --comment=5-00:00:00 --signal=B:USR1@300",
            "  #SBATCH --requeue --open-mode=append",
            "  exec crjob run --state out/restart.dat -- ./sim input.nml",
            "",
            "A code that saves a directory, or numbered restart files (quote the pattern):",
            "",
            "  exec crjob run --state ckpt/ -- python3 train.py",
            "  exec crjob run --state 'restart.*' -- lmp -in in.melt",
            "",
            "For a code that stops cleanly on a file (LAMMPS fix halt on is_file(STOP), Quantum ESPRESSO's"
                + " PREFIX.EXIT, VASP's STOPCAR), crjob creates that file instead of signalling:",
            "",
            "  exec crjob run --stop-file STOP --state restart.lj -- lmp -in in.lj",
            "  exec crjob run --stop-file STOPCAR='LSTOP = .TRUE.' \\",
            "      --state WAVECAR --state CONTCAR -- vasp_std",
            "",
            "For a program that cannot save itself, with DMTCP loaded:",
            "",
            "  exec crjob run --engine dmtcp -- ./sim input.nml",
            "",
            "With the seeds' pattern (payload in the background, then wait) add a trap that passes the signal"
                + " on: crjob run ... & pid=$!; trap 'kill -USR1 $pid' USR1; wait $pid; wait $pid",
            "Without any --signal, crjob still checkpoints in time on its own, from EndTime and the measured"
                + " checkpoint time; it re-reads the job every 15 s, so a TimeLimit an administrator changes, or a"
                + " preemption with a GraceTime, moves that checkpoint too.",
            "",
            "Before anything runs, crjob run checks the job: its Comment must be a finite budget, it must be"
                + " requeueable (--requeue) and have a time limit; a #SBATCH --signal without B:, of another signal"
                + " than --on-signal, or with a lead shorter than a checkpoint takes, and a missing"
                + " --open-mode=append, each get one warning line.",
            "",
            "An application may answer a checkpoint (periodic, manual or -i) by saving and quitting: crjob then"
                + " stores what it saved and starts it again from there at once, in the same allocation. It tells"
                + " \"saved and quit\" from \"finished\" by evidence: the exit status is --checkpoint-exit-code, or"
                + " it is 0 after crjob's --signal or --stop-file reached the application and every --state file was"
                + " written after it. Any other exit ends the work; the job log says in one line which rule decided.",
            "",
            "When the signal comes, the application works on until crjob's own deadline (--checkpoint-at), so a"
                + " requeue loses about twice the checkpoint time and 30 s instead of the whole lead; one log line"
                + " says when: \"checkpoint at 11:58:31, in 4m12s\".",
            "",
            "How a run ends: the application exits (its status is crjob's; never requeued); the signal, crjob's"
                + " deadline, or TERM at the time limit (checkpoint, charge, requeue while budget and"
                + " --max-requeues allow; else exit 7); preemption (checkpoint, then --on-preempt); scancel (TERM"
                + " without a time limit or preemption: checkpoint if there is time, never requeue, exit 143).",
        })
final class RunCommand extends BaseCommand {

    @Mixin
    SaveOptions save;

    @Option(names = "--on-signal", paramLabel = "SIG", defaultValue = "USR1",
            description = "Slurm's pre-termination signal, as in #SBATCH --signal=B:SIG@SECONDS. Default: ${DEFAULT-VALUE}.")
    Signal onSignal;

    @Option(names = "--on-preempt", paramLabel = "ACTION", defaultValue = "requeue",
            converter = PreemptActionConverter.class,
            description = "When Slurm preempts the job (a PreemptTime in scontrol show job, or TERM with it):"
                    + " checkpoint, then requeue (charged like any run) or stop (let Slurm end the job; the"
                    + " checkpoint is kept). A TERM from scancel never requeues. Default: ${DEFAULT-VALUE}.")
    PreemptAction onPreempt;

    @Option(names = "--checkpoint-at", paramLabel = "WHEN", defaultValue = "deadline",
            converter = CheckpointAtConverter.class,
            description = "When Slurm's warning signal comes: deadline (the application works on until crjob's own"
                    + " deadline, EndTime - (the longest recent checkpoint x 2 + 30 s), and never later than the"
                    + " signal plus its #SBATCH --signal lead minus that margin; then checkpoint, charge, requeue:"
                    + " a requeue loses that margin, not the whole lead) or signal (checkpoint at once). Until a"
                    + " checkpoint of the job has been timed, or without a --signal lead in the script, deadline"
                    + " checkpoints at once too. TERM and preemption always checkpoint at once."
                    + " Default: ${DEFAULT-VALUE}.")
    CheckpointAt checkpointAt;

    @Mixin
    StoreOptions store;

    @Mixin
    RequeueOptions requeues;

    @Mixin
    RestoreOptions restore;

    @Option(names = {"-i", "--interval"}, paramLabel = "SECONDS", defaultValue = "0", converter = Bounded.Seconds.class,
            description = "Also checkpoint every SECONDS seconds (guards against node failures); 0 for none.")
    long interval;

    @Option(names = "--engine", paramLabel = "ENGINE",
            description = "How the application is checkpointed: signal (it saves its --state files when signalled)"
                    + " or dmtcp (DMTCP captures the unmodified process: it runs under dmtcp_launch, and after a"
                    + " requeue under dmtcp_restart; needs DMTCP, found through $DMTCP_ROOT, then PATH)."
                    + " Default: ${DEFAULT-VALUE}.")
    String engine = EngineKind.SIGNAL.id();

    @Mixin
    DmtcpMixin dmtcp;

    @Mixin
    AppCommandLine app;

    @Override
    public Integer call() {
        DmtcpOptions dmtcpOptions = dmtcp.options(engine);
        long every = DmtcpMixin.interval(interval, engine, context.env(), log());
        RunOptions options = new RunOptions(app.command, save.state, save.signal(), save.timeout(), onSignal,
                store.ckptDir != null ? store.ckptDir : JobCheckpointDir.of(context.jobEnv()),
                store.keep, Duration.ofSeconds(every), new RequeuePolicy(requeues.maxRequeues, requeues.minRun.toDuration()),
                DeadlinePlan.defaults(), engine, dmtcpOptions, onPreempt, save.signalGroup, save.exitCode(),
                restore.trustUnverified, save.stopFile(), checkpointAt);
        RunSession session = new RunSession(options, context.jobEnv(),
                slurm(), context.workDir(), log(),
                context.clock());
        RunResult result = session.run();
        return switch (result.ending()) {
            case APPLICATION_EXITED -> result.appStatus();
            case REQUEUED -> ExitCode.OK;
            case NOT_REQUEUED -> ExitCode.NOT_REQUEUED;
            case CANCELLED -> ExitCode.TERMINATED;
            case REQUEUE_FAILED -> ExitCode.SLURM_FAILED;
        };
    }
}
