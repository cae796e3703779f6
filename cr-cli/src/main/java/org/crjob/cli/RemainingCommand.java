package org.crjob.cli;

import org.crjob.engine.run.BudgetReport;
import org.crjob.failure.InvalidValueException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "remaining", mixinStandardHelpOptions = true,
        description = {
            "Show the job's time budget: what its Comment holds (charged at the end of each run) and, while a run"
                + " is going, what would be left if it ended now.",
            "",
            "  crjob remaining                 # inside the job",
            "  crjob remaining --job 123456    # from a login node",
            "  crjob remaining --seconds       # just the seconds left, for scripts",
        })
final class RemainingCommand extends BaseCommand {

    @Option(names = "--job", paramLabel = "JOBID", description = "The job to ask about. Default: $SLURM_JOB_ID.")
    String job;

    @Option(names = "--seconds", description = "Print only the seconds left if this run ended now.")
    boolean seconds;

    @Mixin
    JsonMixin json;

    @Override
    public Integer call() {
        String id = job != null ? job : context.jobEnv().requireJobId();
        BudgetReport report = BudgetReport.of(slurm().showJob(id), context.clock());
        if (json.enabled()) {
            json.print(report);
        } else if (seconds) {
            out().println(report.leftIfEndedNow().orElseThrow(() -> new InvalidValueException(report.describe()))
                    .seconds());
        } else {
            out().println(report.describe());
        }
        return ExitCode.OK;
    }
}
