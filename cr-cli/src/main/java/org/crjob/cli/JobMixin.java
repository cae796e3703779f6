package org.crjob.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --job JOBID}: which job's coordinator to talk to, from a login node or another job. */
final class JobMixin {
    @Option(names = "--job", paramLabel = "JOBID",
            description = "The job whose coordinator to talk to (from a login node, say). Default: the job this"
                    + " runs in, found from $CRJOB_STATE_FILE or SLURM_JOB_ID.")
    String job;

    Optional<String> job() {
        return Optional.ofNullable(job);
    }
}
