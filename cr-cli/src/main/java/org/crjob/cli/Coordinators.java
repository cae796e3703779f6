package org.crjob.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.crjob.engine.coordinator.CoordinatorLocator;
import org.crjob.engine.protocol.CoordinatorClient;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.joblog.JobLog;
import org.crjob.slurm.Slurm;
import org.crjob.slurm.SlurmCommands;

/** Finds the coordinator a command talks to and opens a client to it. */
final class Coordinators {
    private Coordinators() {
    }

    static CoordinatorLocator locator(JobLog log) {
        return new CoordinatorLocator(System.getenv(), Path.of("").toAbsolutePath(), slurm(log));
    }

    /** Slurm's commands, each retry an event in {@code log}. */
    static Slurm slurm(JobLog log) {
        return new SlurmCommands(log);
    }

    static CoordinatorInfo locate(Optional<String> job, JobLog log) {
        return locator(log).locate(job);
    }

    static CoordinatorClient client(CoordinatorInfo info) {
        return CoordinatorClient.of(info);
    }
}
