package org.crjob.engine.submit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.crjob.failure.InvalidValueException;
import org.crjob.process.Command;
import org.crjob.slurm.Dependency;
import org.crjob.slurm.Slurm;
import org.crjob.slurm.SlurmCommandException;
import org.crjob.slurm.SubmitRequest;

/**
 * What {@code crjob submit} sends to Slurm: one variable-time job, or a chain of a start job and N restart jobs
 * that run the same script one after the other, each held by a {@code --dependency} on the one before
 * ({@code afterany}, {@code afterok}) or by {@code singleton} (one job of this name at a time).
 */
public final class JobSubmission {
    private final Path script;
    private final Path submitDir;
    private final int restarts;
    private final Dependency.Kind kind;

    private JobSubmission(Path script, Path submitDir, int restarts, Dependency.Kind kind) {
        this.script = script;
        this.submitDir = submitDir;
        this.restarts = restarts;
        this.kind = kind;
    }

    public static JobSubmission single(Path script, Path submitDir) {
        return new JobSubmission(script, submitDir, -1, null);
    }

    /**
     * @param restarts how many restart jobs follow the start job
     * @param kind     {@code AFTERANY}, {@code AFTEROK} or {@code SINGLETON}
     */
    public static JobSubmission chain(Path script, Path submitDir, int restarts, Dependency.Kind kind) {
        if (restarts < 1) {
            throw new InvalidValueException("--chain " + restarts + ": a chain needs at least one restart job");
        }
        if (kind != Dependency.Kind.AFTERANY && kind != Dependency.Kind.AFTEROK && kind != Dependency.Kind.SINGLETON) {
            throw new InvalidValueException("a chain's jobs wait with afterany, afterok or singleton, not "
                    + kind.name().toLowerCase(Locale.ROOT));
        }
        return new JobSubmission(script, submitDir, restarts, kind);
    }

    public boolean isChain() {
        return kind != null;
    }

    /** How many jobs this submits. */
    public int size() {
        return isChain() ? restarts + 1 : 1;
    }

    /**
     * Submits the jobs in order, each after the one it depends on is known.
     *
     * @throws SlurmCommandException when sbatch refuses the first job
     * @throws PartialSubmissionException when it refuses a later one: the jobs before it are in the queue
     */
    public List<SubmittedJob> submit(Slurm slurm) {
        List<SubmittedJob> done = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            SubmitRequest request = request(i, index -> done.get(index).id());
            try {
                String id = slurm.submit(request);
                done.add(new SubmittedJob(id, role(i), i, request.dependency().map(Dependency::toOption)));
            } catch (SlurmCommandException e) {
                if (done.isEmpty()) {
                    throw e;
                }
                throw new PartialSubmissionException(done, e);
            }
        }
        return done;
    }

    /**
     * The sbatch command lines as a user could paste them into bash: {@code jobN=$(sbatch --parsable ...)}, each
     * depending on the one before through its shell variable.
     */
    public List<String> commandLines() {
        List<String> lines = new ArrayList<>();
        lines.add("cd " + Command.shellQuote(submitDir.toString()));
        for (int i = 0; i < size(); i++) {
            List<String> argv = request(i, index -> "$job" + index).sbatchArgv();
            // the dependency holds only our own job ids or $jobN: it is left unquoted so that bash expands $jobN
            String line = argv.stream().map(a -> a.startsWith("--dependency=") ? a : Command.shellQuote(a))
                    .collect(Collectors.joining(" "));
            lines.add("job" + i + "=$(" + line + ")");
        }
        return lines;
    }

    private SubmitRequest request(int index, Function<Integer, String> idOf) {
        SubmitRequest request = SubmitRequest.of(script).from(submitDir);
        if (index == 0 || !isChain()) {
            return request;
        }
        Dependency dependency = kind == Dependency.Kind.SINGLETON ? Dependency.singleton()
                : new Dependency(kind, List.of(idOf.apply(index - 1)));
        return request.withDependency(dependency);
    }

    private String role(int index) {
        if (!isChain()) {
            return "job";
        }
        return index == 0 ? "start" : "restart";
    }

    Optional<Dependency.Kind> kind() {
        return Optional.ofNullable(kind);
    }
}
