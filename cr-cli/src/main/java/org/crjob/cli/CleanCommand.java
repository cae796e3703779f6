package org.crjob.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.crjob.engine.jobfiles.EndedJobFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "clean", mixinStandardHelpOptions = true,
        description = {
            "Remove the files crjob keeps for ended jobs in a work directory; checkpoints are never touched.",
            "",
            "What goes: .crjob/JOBID/ (the job's coordinator files and events.jsonl, which crjob report reads) and"
                + " the crjob_command.JOBID and dmtcp_command.JOBID wrappers. A job's files go once nothing wrote"
                + " them for --older-than days and"
                + " Slurm says the job ended or no longer knows it; a job Slurm still holds (pending, held,"
                + " running) keeps them however old. Checkpoint stores (crjob.ckpt/) are your work: never touched.",
            "",
            "  crjob clean --dry-run          # what would go, and why each job stays",
            "  crjob clean --older-than 30    # keep a month of history for crjob report",
            "  crjob clean --dir ~/runs/md    # another work directory",
        })
final class CleanCommand extends BaseCommand {

    @Option(names = "--older-than", paramLabel = "DAYS", defaultValue = "7", converter = Bounded.Days.class,
            description = "Keep files written within this many days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--dry-run", description = "Say what would be removed; remove nothing.")
    boolean dryRun;

    @Option(names = "--dir", paramLabel = "DIR", description = "The jobs' work directory (default: the current one).")
    Path dir;

    @Override
    public Integer call() throws IOException {
        Path workDir = dir == null ? context.workDir() : context.workDir().resolve(dir);
        List<EndedJobFiles.Outcome> outcomes = new EndedJobFiles(slurm(), context.clock())
                .clean(workDir, Duration.ofDays(days), dryRun);
        for (EndedJobFiles.Outcome outcome : outcomes) {
            String what = outcome.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            out().println(what + " job " + outcome.jobId() + ": " + outcome.why());
        }
        if (outcomes.isEmpty()) {
            out().println("no crjob job files in " + workDir.resolve(".crjob"));
        }
        return ExitCode.OK;
    }
}
