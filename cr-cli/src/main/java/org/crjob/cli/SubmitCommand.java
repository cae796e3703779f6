package org.crjob.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.crjob.engine.submit.PreparedSubmission;
import org.crjob.engine.submit.SubmittedJob;
import org.crjob.failure.InvalidValueException;
import org.crjob.slurm.Dependency;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {
            "Submit a job spec: one variable-time job that requeues itself until its work is done, or (--chain N)"
                + " a start job and N restart jobs, each waiting for the one before. Prints the job ids.",
            "",
            "  crjob submit job.yaml",
            "  crjob submit job.yaml --chain 5 --dependency afterok",
            "  crjob submit job.yaml --chain 100 --dry-run",
            "      print the script and the sbatch lines, submit nothing",
            "",
            "The script is written to .crjob/submit/<spec>.sh (<spec>-chain.sh for a chain) and submitted from"
                + " here, so the job runs in this directory. Warnings about the job go to stderr first.",
        })
final class SubmitCommand extends BaseCommand {
    /** How the jobs of a chain wait for each other. */
    enum ChainDependency { afterany, afterok, singleton }

    @Parameters(paramLabel = "job.yaml", description = "The job spec (crjob new writes one).")
    Path specFile;

    @Option(names = "--chain", paramLabel = "N", defaultValue = "0",
            description = "Submit a start job and N restart jobs instead of one variable-time job; they share the"
                    + " checkpoint directory, and each restarts from the newest checkpoint.")
    int chain;

    @Option(names = "--dependency", paramLabel = "KIND",
            description = "How a chain's jobs wait for the one before: afterany (whatever its end), afterok (only"
                    + " after a good end: a checkpoint, or the work done), or singleton (one job of this name at a"
                    + " time). Default: afterany.")
    ChainDependency dependency;

    @Option(names = "--dry-run", description = "Print the script and the sbatch command lines; submit nothing.")
    boolean dryRun;

    @Mixin
    SpecOptions spec;

    @Mixin
    JsonMixin json;

    @Override
    public Integer call() {
        if (chain < 0) {
            throw new InvalidValueException("--chain " + chain + ": give the number of restart jobs, 1 or more");
        }
        if (chain == 0 && dependency != null) {
            throw new InvalidValueException("--dependency links the jobs of a chain: add --chain N");
        }
                PreparedSubmission prepared = PreparedSubmission.prepare(specFile, spec.sets, spec.templates(context.env()), context.workDir(), chain,
                Dependency.Kind.valueOf((dependency == null ? ChainDependency.afterany : dependency).name()
                        .toUpperCase(Locale.ROOT)));
        prepared.job().warnings().forEach(this::warning);
        if (dryRun) {
            return printDryRun(prepared);
        }
        List<SubmittedJob> jobs = prepared.submit(slurm());
        if (json.enabled()) {
            Map<String, Object> result = summary(prepared);
            result.put("jobs", jobs);
            json.print(result);
        } else {
            jobs.forEach(job -> out().println("submitted " + job.id() + " (" + describe(job) + ")"));
        }
        return ExitCode.OK;
    }

    private int printDryRun(PreparedSubmission prepared) {
        List<String> lines = prepared.jobs().commandLines();
        if (json.enabled()) {
            Map<String, Object> result = summary(prepared);
            result.put("dryRun", true);
            result.put("script", prepared.job().script());
            result.put("commands", lines);
            json.print(result);
            return ExitCode.OK;
        }
        out().println("# crjob submit --dry-run: nothing was submitted. The script, " + prepared.scriptFile() + " (not"
                + " written)" + (prepared.jobs().isChain() ? ", which every job of the chain runs:" : ":"));
        out().print(prepared.job().script());
        out().println("# The sbatch command lines:");
        lines.forEach(out()::println);
        out().flush();
        return ExitCode.OK;
    }

    private static Map<String, Object> summary(PreparedSubmission prepared) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("template", prepared.job().template());
        result.put("scriptFile", prepared.scriptFile().toString());
        result.put("warnings", prepared.job().warnings());
        return result;
    }

    private static String describe(SubmittedJob job) {
        String what = switch (job.role()) {
            case "start" -> "start job";
            case "restart" -> "restart job " + job.index();
            default -> "variable-time job";
        };
        return what + job.dependency().map(d -> ", --dependency=" + d).orElse("");
    }
}
