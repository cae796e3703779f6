package org.crjob.engine.submit;

import java.util.List;
import org.crjob.failure.CrjobException;
import org.crjob.slurm.SlurmCommandException;

/** sbatch refused a job of a chain after the jobs before it were submitted: they are in the queue (exit 5). */
public final class PartialSubmissionException extends CrjobException {
    private static final long serialVersionUID = 1L;

    private final transient List<SubmittedJob> submitted;

    public PartialSubmissionException(List<SubmittedJob> submitted, SlurmCommandException cause) {
        super(Kind.SLURM_FAILED, cause.getMessage() + "; the jobs already submitted are in the queue: "
                + String.join(" ", submitted.stream().map(SubmittedJob::id).toList())
                + " (scancel them, or submit the rest by hand)", cause);
        this.submitted = List.copyOf(submitted);
    }

    public List<SubmittedJob> submitted() {
        return submitted;
    }
}
