package org.crjob.cli;

import org.crjob.engine.launch.CoordinatedApp;
import org.crjob.joblog.JobLog;

/**
 * What {@code crjob launch} and {@code crjob restart} return once the application has ended: its own exit status, or
 * {@link ExitCode#ENGINE_FAILED} when the engine ended it (DMTCP failed, or killed the computation on someone's
 * {@code dmtcp_command -k}), so that a job script never ends as done when the work is not.
 */
final class EngineExit {
    private EngineExit() {
    }

    static int of(CoordinatedApp.AppEnd end, JobLog log) {
        int status = end.status();
        return end.engineFailure().map(why -> {
            log.event(why + "; exit status " + ExitCode.ENGINE_FAILED + " (the application's was " + status + ")");
            return ExitCode.ENGINE_FAILED;
        }).orElse(status);
    }
}
