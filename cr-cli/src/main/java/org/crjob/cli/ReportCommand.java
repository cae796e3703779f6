package org.crjob.cli;

import java.nio.file.Path;

import org.crjob.engine.history.JobReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {
            "Show where a job's time went: its runs, checkpoints, totals and what to change.",
            "",
            "Read from the job's event log, in the directory the job ran in: a row per run (start, end, how it"
                + " ended, time charged, its checkpoints and how long they took), the totals (work, checkpoints,"
                + " time lost per requeue, pending between runs, budget used and left), and advice.",
            "",
            "  crjob report 4242                  in the job's working directory",
            "  crjob report 4242 --dir ~/runs/a   the job ran in ~/runs/a",
            "  crjob report 4242 --html 4242.html a page with a timeline: runs as bars,",
            "                                     checkpoints as ticks, pending gaps and the",
            "                                     budget left; open it in any browser (it",
            "                                     fetches nothing)",
            "  crjob report 4242 --json           runs, totals and advice as JSON",
            "",
            "Times are in UTC. A line of the log that cannot be read is skipped with a warning naming it.",
        })
final class ReportCommand extends BaseCommand {

    @Parameters(paramLabel = "JOBID", description = "The job, as Slurm numbers it (ARRAYJOBID_TASK for an array task).")
    String job;

    @Option(names = "--dir", paramLabel = "WORKDIR",
            description = "The directory the job ran in (crjob run keeps its event log there, in the hidden"
                    + " directory .crjob/JOBID). Default: this directory.")
    Path dir;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write the report as one self-contained HTML page with a timeline to FILE.")
    Path html;

    @Mixin
    JsonMixin json;

    @Override
    public Integer call() {
        JobReport report = JobReport.read(dir == null ? context.workDir() : context.workDir().resolve(dir), job, log());
        if (html != null) {
            report.writeHtml(context.workDir().resolve(html));
        }
        if (json.enabled()) {
            json.print(report);
        } else {
            out().print(report.text());
            if (html != null) {
                out().println("\ntimeline: " + context.workDir().resolve(html));
            }
        }
        return ExitCode.OK;
    }
}
