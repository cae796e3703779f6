package org.crjob.slurm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.crjob.concurrent.Deadline;
import org.crjob.failure.InvalidValueException;
import org.crjob.joblog.JobLog;
import org.crjob.posix.Signal;
import org.crjob.process.Command;
import org.crjob.process.CommandException;
import org.crjob.process.CommandFailedException;
import org.crjob.process.CommandResult;
import org.crjob.process.CommandRunner;
import org.crjob.process.ExecCommandRunner;

/** {@link Slurm} over the real client commands ({@code scontrol}, {@code sbatch}, {@code scancel}, {@code srun}). */
public final class SlurmCommands implements Slurm {

    private static final Pattern JOB_ID = Pattern.compile("\\d+(_\\d+)?(\\+\\d+)?");
    private static final Pattern PARSABLE_OUTPUT = Pattern.compile("(\\d+)(;\\S+)?");
    /** What srun prints about a task that ended badly, e.g. {@code srun: error: vm: task 0: Killed}. */
    private static final Pattern SRUN_TASK_END = Pattern.compile("srun: error: \\S+: tasks? [0-9,-]+: .*");
    /** The one of those lines that only repeats the exit code the caller gets anyway. */
    private static final Pattern SRUN_TASK_EXIT_CODE = Pattern.compile("srun: error: \\S+: tasks? [0-9,-]+: Exited with"
            + " exit code \\d+");

    private final CommandRunner runner;
    private final Path binDir;
    private final Duration timeout;
    private final SlurmRetry retry;

    /**
     * The real commands from PATH, each call limited to {@link Command#DEFAULT_TIMEOUT}, transient failures
     * retried ({@link SlurmRetry#defaults}) with an event in {@code log} for each retry.
     */
    public SlurmCommands(JobLog log) {
        this(new ExecCommandRunner(), null, Command.DEFAULT_TIMEOUT, SlurmRetry.defaults(log));
    }

    /** Without retries. */
    public SlurmCommands(CommandRunner runner, Path binDir, Duration timeout) {
        this(runner, binDir, timeout, SlurmRetry.none());
    }

    /**
     * @param binDir where the Slurm clients are, or null to find them on PATH
     * @param timeout how long any one Slurm command may take
     * @param retry   what to do when the controller does not answer
     */
    public SlurmCommands(CommandRunner runner, Path binDir, Duration timeout, SlurmRetry retry) {
        this.runner = runner;
        this.binDir = binDir;
        this.timeout = timeout;
        this.retry = retry;
    }

    /** The same commands, retrying as {@code retry} says (e.g. with its lines in the job log). */
    @Override
    public SlurmCommands retrying(SlurmRetry retry) {
        return new SlurmCommands(runner, binDir, timeout, retry);
    }

    @Override
    public JobInfo showJob(String jobId) {
        String output = run("reading job " + jobId, jobId, "scontrol", "show", "job", checkedId(jobId)).stdout();
        List<Map<String, String>> records = ScontrolJobParser.records(output);
        // An array's parent id lists every task; prefer the record that is exactly the job asked for.
        return records.stream()
                .filter(r -> jobId.equals(r.get("JobId")) || jobId.equals(arrayName(r)))
                .findFirst()
                .or(() -> records.stream().findFirst())
                .map(ScontrolJobParser::toJobInfo)
                .orElseThrow(() -> new IllegalStateException(
                        "'scontrol show job " + jobId + "' printed no job record; it printed: " + output.strip()));
    }

    @Override
    public List<QueuedJob> myJobs(boolean withEnded) {
        List<String> argv = new ArrayList<>(List.of("squeue", "--me", "--noheader", "--Format=" + SqueueParser.FORMAT));
        if (withEnded) {
            argv.add("--states=all");
        }
        return SqueueParser.jobs(run("listing your jobs", null, command(argv)).stdout());
    }

    private static String arrayName(Map<String, String> record) {
        return JobInfo.arrayTaskRef(record.get("ArrayJobId"), record.get("ArrayTaskId"));
    }

    @Override
    public void updateComment(String jobId, String comment) {
        if (comment.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a job Comment cannot hold a line break: " + comment);
        }
        run("setting the Comment of job " + jobId, jobId,
                "scontrol", "update", "JobId=" + checkedId(jobId), "Comment=" + comment);
    }

    @Override
    public void updateTimeLimit(String jobId, SlurmTime limit) {
        List<String> argv = new ArrayList<>(List.of("scontrol", "update", "JobId=" + checkedId(jobId),
                "TimeLimit=" + limit.format()));
        // Slurm refuses a TimeLimit below the job's TimeMin ("Invalid time-min specification"), and NERSC's
        // scripts set --time-min equal to -t: lower TimeMin with it, in the same update.
        if (timeMin(jobId).map(min -> min.compareTo(limit) > 0).orElse(false)) {
            argv.add("TimeMin=" + limit.format());
        }
        run("setting the TimeLimit of job " + jobId + " to " + limit.format(), jobId, command(argv));
    }

    /** Best effort: when it cannot be read, the update goes without it and Slurm's refusal says why. */
    private Optional<SlurmTime> timeMin(String jobId) {
        try {
            return showJob(jobId).field("TimeMin").filter(t -> !t.isBlank() && !t.equals("N/A")).map(SlurmTime::parse);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void requeue(String jobId) {
        run("requeueing job " + jobId, jobId, "scontrol", "requeue", checkedId(jobId));
    }

    @Override
    public String batchScript(String jobId) {
        return run("reading the batch script of job " + jobId, jobId,
                "scontrol", "write", "batch_script", checkedId(jobId), "-").stdout();
    }

    @Override
    public String submit(SubmitRequest request) {
        Command command = command(request.sbatchArgv());
        if (request.submitDir().isPresent()) {
            command = command.inDirectory(request.submitDir().get());
        }
        String out = run("submitting " + request.script(), null, command).stdout().strip();
        // --parsable prints "jobid" or "jobid;cluster"; anything before it is a warning from sbatch.
        String last = out.isEmpty() ? "" : out.substring(out.lastIndexOf('\n') + 1).strip();
        var matcher = PARSABLE_OUTPUT.matcher(last);
        if (!matcher.matches()) {
            throw new IllegalStateException("sbatch --parsable printed '" + out + "', not a job id");
        }
        return matcher.group(1);
    }

    @Override
    public void signal(String jobId, Signal signal, SignalTarget target) {
        String scope = target == SignalTarget.BATCH_SHELL ? "--batch" : "--full";
        run("sending " + signal.name() + " to job " + jobId, jobId,
                "scancel", scope, "--signal=" + signal.name(), checkedId(jobId));
    }

    @Override
    public void cancel(String jobId) {
        run("cancelling job " + jobId, jobId, "scancel", checkedId(jobId));
    }

    @Override
    public CommandResult runOnJobNode(String jobId, List<String> argv, Duration commandTimeout) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("no command to run on the node of job " + jobId);
        }
        List<String> srun = new ArrayList<>(List.of("srun", "--overlap", "--jobid=" + checkedId(jobId), "--nodes=1",
                "--ntasks=1", "--quiet"));
        srun.addAll(argv);
        Command command = command(srun).withTimeout(commandTimeout);
        String action = "running " + argv.get(0) + " on the node of job " + jobId;
        CommandResult result;
        try {
            result = runner.run(command);
        } catch (CommandException e) {
            throw failure(action, jobId, e);
        }
        if (result.succeeded()) {
            return result;
        }
        List<String> stderr = result.stderr().lines().toList();
        if (stderr.stream().noneMatch(line -> SRUN_TASK_END.matcher(line).matches())) {
            // srun reports how every task that ran ended badly; without such a line no task ran: srun itself failed
            throw failure(action, jobId, new CommandFailedException(result));
        }
        String commandStderr = stderr.stream()
                .filter(line -> !SRUN_TASK_EXIT_CODE.matcher(line).matches())
                .map(line -> line + "\n")
                .collect(Collectors.joining());
        return new CommandResult(command, result.exitCode(), result.stdout(), commandStderr, result.elapsed());
    }

    private CommandResult run(String action, String jobId, String... argv) {
        return run(action, jobId, command(List.of(argv)));
    }

    private CommandResult run(String action, String jobId, Command command) {
        Deadline giveUp = Deadline.in(retry.giveUpAfter());
        for (int attempt = 0; ; attempt++) {
            try {
                return runner.runChecked(command);
            } catch (CommandException e) {
                Duration wait = retry.delay(attempt);
                if (!SlurmRetry.isTransient(e) || giveUp.comesWithin(wait)) {
                    throw failure(action, jobId, e);
                }
                retry.log().event(action + ": Slurm did not answer (" + firstLine(e) + "); trying again in "
                        + String.format(Locale.ROOT, "%.1f", wait.toMillis() / 1000.0) + " s (retry " + (attempt + 1)
                        + ")");
                pause(wait);
            }
        }
    }

    private static String firstLine(CommandException e) {
        String stderr = e.stderr().strip();
        return stderr.isEmpty() ? e.getMessage() : stderr.lines().findFirst().orElse(stderr);
    }

    private static void pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to ask Slurm again", e);
        }
    }

    private static SlurmCommandException failure(String action, String jobId, CommandException e) {
        if (jobId != null && e.stderr().toLowerCase(Locale.ROOT).contains("invalid job id")) {
            return new UnknownJobException(jobId, e);
        }
        return new SlurmCommandException(action, e);
    }

    private Command command(List<String> argv) {
        List<String> resolved = new ArrayList<>(argv);
        if (binDir != null) {
            resolved.set(0, binDir.resolve(argv.get(0)).toString());
        }
        return Command.of(resolved).withTimeout(timeout);
    }

    /** Job ids go into argument lists, never a shell, but a clear early error beats Slurm's. */
    private static String checkedId(String jobId) {
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            throw new InvalidValueException("'" + jobId + "' is not a Slurm job id: use the number sbatch printed,"
                    + " e.g. 123456 or 123456_7 for an array task");
        }
        return jobId;
    }
}
