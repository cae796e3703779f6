package org.crjob.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.crjob.engine.run.JobCheckpointDir;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.engine.store.Generation;
import org.crjob.engine.store.IncompleteGeneration;
import org.crjob.engine.store.StoreReader;
import org.crjob.engine.store.VerifyResult;
import org.crjob.failure.InvalidValueException;
import org.crjob.failure.UnexpectedStateException;
import org.crjob.slurm.JobInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "checkpoints", mixinStandardHelpOptions = true,
        description = {
            "List, verify or prune the checkpoint generations in a checkpoint directory.",
            "",
            "  crjob checkpoints                 list them, newest first, with sizes and ages",
            "  crjob checkpoints verify          re-read every file and check it against its",
            "                                    sha256; a generation with a file that has",
            "                                    none (its run ended before hashing it) is",
            "                                    UNVERIFIED: read in full, size and time",
            "                                    checked; exit status 6 unless every",
            "                                    generation verifies",
            "  crjob checkpoints prune --keep 1  delete all but the newest (never the newest",
            "                                    that verifies)",
            "  crjob checkpoints --job 4242      those of job 4242's crjob run, from anywhere",
            "",
            "Which directory: --ckpt-dir, or --job's store, or inside a job its own store, or ./crjob.ckpt. crjob"
                + " run keeps each job's checkpoints in crjob.ckpt/JOBID (ARRAYJOBID_TASK for an array task) in the"
                + " job's working directory.",
        })
final class CheckpointsCommand extends BaseCommand {
    enum Action { list, verify, prune }

    @Parameters(paramLabel = "ACTION", defaultValue = "list", description = "list, verify or prune. Default: list.")
    Action action;

    @Mixin
    StoreOptions storage;

    @Option(names = "--job", paramLabel = "JOBID",
            description = "The checkpoints of this job's crjob run: crjob.ckpt/JOBID in the job's working directory"
                    + " (an array task as ARRAYJOBID_TASK). A run given --ckpt-dir: give that directory instead.")
    String job;

    @Mixin
    JsonMixin json;

    /**
     * @param verified   null unless verifying; true when every file matches its recorded sha256
     * @param unverified null unless verifying; true when no file fails but some have no sha256 (the run that stored
     *                   them ended before hashing them): a restart passes over it unless given --trust-unverified
     * @param problems   what is wrong, or which files have no sha256; null when verified; for an incomplete
     *                   generation (no or an unreadable manifest: never restored) "incomplete: " and why, also in a list
     */
    record Row(int generation, Instant created, long bytes, String engine, Boolean verified, Boolean unverified,
            String problems) { }

    private static final String INCOMPLETE = "incomplete: ";

    @Override
    public Integer call() {
        Path dir = storeDir();
        return switch (action) {
            case list -> show(CheckpointStore.readExisting(dir), false);
            case verify -> show(CheckpointStore.readExisting(dir), true);
            case prune -> prune(dir);
        };
    }

    /** --ckpt-dir; --job's store; inside a job, its own store, which crjob run uses; else ./crjob.ckpt. */
    private Path storeDir() {
        if (job == null) {
            boolean ownStore = storage.ckptDir == null && context.jobEnv().inJob();
            return context.workDir().resolve(ownStore ? JobCheckpointDir.of(context.jobEnv()) : storage.ckptDir());
        }
        if (storage.ckptDir != null) {
            throw new InvalidValueException("--job and --ckpt-dir both name the checkpoint directory: give one");
        }
        JobInfo info = slurm().showJob(job);
        Path dir = JobCheckpointDir.of(info);
        if (!Files.isDirectory(dir)) {
            throw new UnexpectedStateException("job " + info.ref() + " has no checkpoint directory "
                    + dir + ", where crjob run keeps them unless given --ckpt-dir: if the job ran with --ckpt-dir,"
                    + " give that directory with --ckpt-dir instead of --job");
        }
        return dir;
    }

    private int show(StoreReader store, boolean verify) {
        List<Row> rows = new ArrayList<>();
        boolean allGood = true;
        for (Generation g : store.generations()) {
            VerifyResult result = verify ? store.verifyReadingEverything(g) : null;
            allGood &= result == null || result.ok();
            rows.add(result == null
                    ? new Row(g.number(), g.created(), g.totalBytes(), g.engine(), null, null, null)
                    : new Row(g.number(), g.created(), g.totalBytes(), g.engine(), result.ok(), result.unverified(),
                            result.ok() ? null : result.summary()));
        }
        for (IncompleteGeneration g : store.incomplete()) {
            allGood &= !verify;
            rows.add(new Row(g.number(), null, 0, null, verify ? false : null, verify ? false : null,
                    INCOMPLETE + g.reason()));
        }
        rows.sort(Comparator.comparingInt(Row::generation).reversed());
        if (json.enabled()) {
            json.print(rows);
        } else if (rows.isEmpty()) {
            out().println("no checkpoints in " + store.dir());
        } else {
            out().printf("%-10s %-10s %-10s %-8s%s%n", "GENERATION", "SIZE", "AGE", "ENGINE", verify ? " VERIFIED" : "");
            for (Row row : rows) {
                boolean complete = row.created() != null;
                out().printf("%-10d %-10s %-10s %-8s%s%n", row.generation(), complete ? Sizes.human(row.bytes()) : "-",
                        complete ? age(row.created()) : "-", complete ? row.engine() : "-",
                        verify || !complete ? " " + verdict(row) : "");
            }
        }
        return allGood ? ExitCode.OK : ExitCode.CHECKPOINT_FAILED;
    }

    /** {@code ok}, {@code UNVERIFIED: no sha256 recorded for state.dat (...)}, or {@code FAILED: ...}. */
    private static String verdict(Row row) {
        if (row.problems() != null && row.problems().startsWith(INCOMPLETE)) {
            return row.problems().replaceFirst("^" + INCOMPLETE, "INCOMPLETE: ");
        }
        if (row.verified()) {
            return "ok";
        }
        return row.unverified() ? row.problems().replaceFirst("^unverified", "UNVERIFIED") : "FAILED: " + row.problems();
    }

    private int prune(Path dir) {
        try (CheckpointStore store = CheckpointStore.open(dir, "crjob checkpoints prune (pid "
                + ProcessHandle.current().pid() + ")", storage.keep, log())) {
            List<Generation> deleted = store.prune(storage.keep);
            out().println(deleted.isEmpty() ? "nothing to prune" : "pruned generation(s) "
                    + deleted.stream().map(g -> Integer.toString(g.number())).toList());
        }
        return ExitCode.OK;
    }

    private String age(Instant created) {
        Duration age = Duration.between(created, context.clock().instant());
        if (age.toDays() > 0) {
            return age.toDays() + "d" + age.toHoursPart() + "h";
        }
        if (age.toHours() > 0) {
            return age.toHours() + "h" + age.toMinutesPart() + "m";
        }
        return age.toMinutes() + "m" + age.toSecondsPart() + "s";
    }
}
