package org.crjob.engine.coordinator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.crjob.engine.dmtcp.DmtcpOptions;

/**
 * How the detached daemon is to start: written by {@link CoordinatorStarter}, read by
 * {@link CoordinatorDaemon}. No secret in it: the daemon makes its own token.
 *
 * @param port     0 for a random free port
 * @param guardian the pid whose end ends the daemon (the job's batch script), 0 for none
 */
public record DaemonConfig(String jobId, String engine, String workDir, String ckptDir, int keep,
                           long intervalSeconds, boolean exitWithApp, long stopGraceSeconds, int port, long guardian,
                           DmtcpOptions dmtcp) {

    public static DaemonConfig of(CoordinatorConfig config, int port, long guardian) {
        return new DaemonConfig(config.jobId(), config.engine(), config.workDir().toString(),
                config.ckptDir().toString(), config.keep(), config.interval().toSeconds(), config.exitWithApp(),
                config.stopGrace().toSeconds(), port, guardian, config.dmtcp());
    }

    public CoordinatorConfig coordinatorConfig() {
        return new CoordinatorConfig(jobId, engine, Path.of(workDir), Path.of(ckptDir), keep,
                Duration.ofSeconds(intervalSeconds), exitWithApp, Duration.ofSeconds(stopGraceSeconds), dmtcp);
    }

    void write(Path file) {
        try {
            Files.writeString(file, Messages.JSON.writeValueAsString(this));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the coordinator's start file " + file, e);
        }
    }

    static DaemonConfig read(Path file) throws IOException {
        return Messages.JSON.readValue(file.toFile(), DaemonConfig.class);
    }
}
