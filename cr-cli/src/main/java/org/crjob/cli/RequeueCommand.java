package org.crjob.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.crjob.engine.run.RequeuePolicy;
import org.crjob.engine.run.ScriptRequeue;
import org.crjob.failure.InvalidValueException;
import org.crjob.slurm.Slurm;
import org.crjob.slurm.SlurmTime;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "requeue", mixinStandardHelpOptions = true,
        description = {
            "Inside a job, after its checkpoint: charge the time this run really took (now - StartTime) to the"
                + " budget in the job's Comment, decide whether a further run is worth it, write the budget back,"
                + " lower the next run's TimeLimit when less budget than a limit is left (or to --max-timelimit),"
                + " and requeue the job. One line on stderr says what was decided and why.",
            "",
            "This is what the nersc_cr-compatible func_trap runs (crjob shell-init bash); crjob run does the"
                + " same on its own.",
            "",
            "With --check (parse_job, at job start) nothing is charged or changed: it only says whether enough"
                + " budget is left for a useful run.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:requeued (with --check: a requeue is possible)",
            "2:bad usage, or the job's Comment is not a time",
            "3:not inside a Slurm job",
            "5:a Slurm command failed",
            "7:not requeued: the budget or the requeue limit is spent, or there is no checkpoint",
        })
final class RequeueCommand extends BaseCommand {

    @Mixin
    RequeueOptions requeues;

    @Option(names = "--max-timelimit", paramLabel = "TIME",
            description = "nersc_cr's max_timelimit: the next run's TimeLimit is at most this (any Slurm form,"
                    + " rounded down to whole minutes). The current limit is lowered to it on requeue when it is"
                    + " longer; a limit is never raised (only an administrator may).")
    SlurmTime maxTimelimit;

    @Option(names = "--checkpoint-failed",
            description = "The checkpoint before this requeue failed: requeue only if --ckpt-dir holds an"
                    + " earlier generation that verifies.")
    boolean checkpointFailed;

    @Option(names = "--ckpt-dir", paramLabel = "DIR", defaultValue = "crjob.ckpt",
            description = "Where the checkpoint generations are (for --checkpoint-failed). Default: ./${DEFAULT-VALUE}.")
    Path ckptDir;

    @Option(names = "--check",
            description = "Charge and change nothing: exit 0 when the budget left allows a useful run after a"
                    + " requeue, 7 (with why) when it does not. For the start of a job (nersc_cr's parse_job).")
    boolean check;

    @Override
    public Integer call() {
        if (requeues.minRun.isUnlimited()) {
            throw new InvalidValueException("--min-run must be a finite time, not UNLIMITED");
        }
        if (maxTimelimit != null && !maxTimelimit.isUnlimited() && maxTimelimit.seconds() < 60) {
            throw new InvalidValueException("--max-timelimit must be at least a minute, got " + maxTimelimit.format());
        }
        Optional<SlurmTime> cap = Optional.ofNullable(maxTimelimit).filter(t -> !t.isUnlimited());
        RequeuePolicy policy = new RequeuePolicy(requeues.maxRequeues, requeues.minRun.toDuration(), cap);
        ScriptRequeue requeue = new ScriptRequeue(slurm(), policy, context.jobEnv(), context.clock(),
                context.workDir(), log());
        boolean requeued = check ? requeue.check()
                : requeue.charge(checkpointFailed ? Optional.of(ckptDir) : Optional.empty());
        return requeued ? ExitCode.OK : ExitCode.NOT_REQUEUED;
    }
}
