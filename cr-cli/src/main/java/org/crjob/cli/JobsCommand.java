package org.crjob.cli;

import java.util.List;
import org.crjob.engine.jobs.JobRow;
import org.crjob.engine.jobs.JobsOverview;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = {
            "Show your jobs that run under crjob at a glance, each with a one-word health.",
            "",
            "For each: its state, run and requeues, the budget left, its last checkpoint (age, size, verified), when"
                + " this run's final checkpoint is due.",
            "",
            "  crjob jobs              your pending and running jobs",
            "  crjob jobs --all        and the ended ones Slurm still remembers",
            "  crjob jobs --json       one JSON array, one object per job",
            "",
            "HEALTH: ok; late (a periodic checkpoint, or the final one before the time limit, is overdue); none (no"
                + " checkpoint yet); budget-low (the budget left would not cover another full run); unreadable (the"
                + " job's files are not yours alone: crjob did not read them). One squeue call for all jobs, then"
                + " each job's own files (.crjob/JOBID/ and its checkpoint directory).",
        })
final class JobsCommand extends BaseCommand {

    @Option(names = "--all", description = "Also list ended jobs that Slurm still remembers (squeue --states=all).")
    boolean all;

    @Mixin
    JsonMixin json;

    @Override
    public Integer call() {
        List<JobRow> rows = new JobsOverview(slurm(), context.clock()).list(all);
        if (json.enabled()) {
            json.print(rows);
        } else if (rows.isEmpty()) {
            out().println("no crjob jobs");
        } else {
            JobsTable.lines(rows, context.clock().instant()).forEach(out()::println);
        }
        return ExitCode.OK;
    }
}
