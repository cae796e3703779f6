package org.crjob.engine.submit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.crjob.engine.run.DeadlinePlan;
import org.crjob.engine.spec.JobSpec;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.engine.store.Generation;
import org.crjob.process.Command;

/**
 * Warnings about a rendered job before it is submitted: the mistakes that make a checkpoint/restart job fail
 * hours later (a signal lead shorter than a checkpoint takes, a script that requeues itself without
 * {@code --requeue} or {@code --open-mode=append}, a budget shorter than one run), and old checkpoints it
 * would restart from. Warnings, not errors: the user may know better.
 */
public final class Lint {
    private Lint() {
    }

    /**
     * @param workDir the directory the job will run in (relative checkpoint directories are resolved there)
     */
    public static List<String> check(JobSpec spec, String script, Path workDir) {
        List<String> warnings = new ArrayList<>();
        SbatchHeader header = SbatchHeader.of(script);
        requeueOptions(spec, script, header, warnings);
        budget(spec, header, warnings);
        Path ckptDir = workDir.resolve(spec.checkpointing().ckptDir());
        List<Generation> generations = CheckpointStore.read(ckptDir).generations();
        lead(spec, ckptDir, generations, warnings);
        leftovers(spec, ckptDir, generations, warnings);
        return warnings;
    }

    /** A script that runs crjob run (and may requeue) needs both, or its requeue fails or truncates its output. */
    private static void requeueOptions(JobSpec spec, String script, SbatchHeader header, List<String> warnings) {
        if (!script.contains(Command.shellQuote(spec.payload().crjob()) + " run ")) {
            return;
        }
        if (!header.last("--open-mode").map("append"::equals).orElse(false)) {
            warnings.add("#SBATCH --open-mode=append is missing: each run after a requeue (or the next job of a"
                    + " chain) would empty the output file of the runs before it");
        }
        boolean requeues = !script.contains("--max-requeues 0");
        if (requeues && !header.flag("--requeue", "--no-requeue")) {
            warnings.add("#SBATCH --requeue is missing: crjob run requeues this job, and on a cluster that does not"
                    + " make jobs requeueable by default Slurm refuses the requeue");
        }
    }

    private static void budget(JobSpec spec, SbatchHeader header, List<String> warnings) {
        if (header.last("--comment").isEmpty()) {
            return;
        }
        spec.requeue().budget().filter(b -> b.compareTo(spec.batch().time()) < 0).ifPresent(b ->
                warnings.add("the budget (" + b.format() + ") is shorter than one run (time " + spec.batch().time()
                        .format() + "): the first run can use it all, and the job will never be requeued; make the"
                        + " budget longer than time, or time shorter"));
    }

    /** Slurm's signal must leave time for a checkpoint: compare with what the last runs measured. */
    private static void lead(JobSpec spec, Path ckptDir, List<Generation> generations, List<String> warnings) {
        if (generations.isEmpty()) {
            return;
        }
        DeadlinePlan plan = DeadlinePlan.defaults();
        Duration measured = plan.expectedCheckpoint(generations);
        Duration lead = spec.requeue().lead();
        if (lead.compareTo(measured) < 0) {
            long advised = (plan.lead(measured).toMillis() + 999) / 1000;
            warnings.add("the signal lead (" + lead.toSeconds() + " s) is shorter than a checkpoint took here: "
                    + seconds(measured) + " s in " + ckptDir + " (the longest of the last generations, up to "
                    + generations.get(0).number() + "); Slurm's signal would come too late to checkpoint: set lead to"
                    + " at least " + advised + " (twice that, plus 30 s)");
        }
    }

    private static void leftovers(JobSpec spec, Path ckptDir, List<Generation> generations, List<String> warnings) {
        Path done = Path.of(ScriptModel.trimSlashes(ckptDir.toString()) + ".done");
        if (Files.exists(done)) {
            warnings.add(done + " exists: a chain on this checkpoint directory has finished, and the jobs of a new"
                    + " chain will do nothing; remove it (and " + spec.checkpointing().ckptDir() + ") to start again");
        }
        if (!generations.isEmpty()) {
            Generation newest = generations.get(0);
            warnings.add(ckptDir + " already holds checkpoint generation " + newest.number() + " (" + newest.created()
                    + "): the job restarts from it, not from the beginning; remove the directory, or set another"
                    + " ckpt-dir, to start afresh");
        }
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
    }
}
