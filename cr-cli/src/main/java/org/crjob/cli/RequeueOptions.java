package org.crjob.cli;

import org.crjob.slurm.SlurmTime;
import picocli.CommandLine.Option;

/** When a job is worth requeueing: for run and requeue. */
final class RequeueOptions {
    @Option(names = "--max-requeues", paramLabel = "N", defaultValue = "50",
            description = "Requeue the job at most N times in all. Default: ${DEFAULT-VALUE}.")
    int maxRequeues;

    @Option(names = "--min-run", paramLabel = "TIME", defaultValue = "5",
            description = "Do not requeue when less budget than this is left (a Slurm time; a bare number is"
                    + " minutes). Default: ${DEFAULT-VALUE} minutes.")
    SlurmTime minRun;
}
