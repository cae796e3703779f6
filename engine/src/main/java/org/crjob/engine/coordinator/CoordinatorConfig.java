package org.crjob.engine.coordinator;

import java.nio.file.Path;
import java.time.Duration;
import org.crjob.engine.dmtcp.DmtcpOptions;
import org.crjob.failure.InvalidValueException;

/**
 * What a coordinator is started with.
 *
 * @param interval     time between periodic checkpoints; zero for none
 * @param exitWithApp  stop once the application has exited (and any checkpoint under way is stored),
 *                     as {@code dmtcp_coordinator --exit-on-last} does for nersc_cr
 * @param stopGrace    how long {@code quit} waits for the application after TERM before it sends KILL
 * @param dmtcp        dmtcp engine: the DMTCP options of the job (its DMTCP coordinator and what it launches)
 */
public record CoordinatorConfig(String jobId, String engine, Path workDir, Path ckptDir, int keep,
                                Duration interval, boolean exitWithApp, Duration stopGrace, DmtcpOptions dmtcp) {

    /** With DMTCP's default options. */
    public CoordinatorConfig(String jobId, String engine, Path workDir, Path ckptDir, int keep, Duration interval,
                             boolean exitWithApp, Duration stopGrace) {
        this(jobId, engine, workDir, ckptDir, keep, interval, exitWithApp, stopGrace, DmtcpOptions.DEFAULTS);
    }

    public CoordinatorConfig {
        if (interval.isNegative()) {
            throw new InvalidValueException("the checkpoint interval cannot be negative, got "
                    + interval.toSeconds() + " s");
        }
        workDir = workDir.toAbsolutePath().normalize();
        dmtcp = dmtcp == null ? DmtcpOptions.DEFAULTS : dmtcp;
        ckptDir = ckptDir.toAbsolutePath().normalize();
    }
}
