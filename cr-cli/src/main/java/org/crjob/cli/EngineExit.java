package org.crjob.cli;

import java.util.function.Consumer;
import org.crjob.engine.launch.CoordinatedApp;

/**
 * What {@code crjob launch} and {@code crjob restart} return once the application has ended: its own exit status, or
 * {@link ExitCode#ENGINE_FAILED} when the engine ended it (DMTCP failed, or killed the computation on someone's
 * {@code dmtcp_command -k}), so that a job script never ends as done when the work is not.
 */
final class EngineExit {
    private EngineExit() {
    }

    static int of(CoordinatedApp.AppEnd end, Consumer<String> event) {
        int status = end.status();
        return end.engineFailure().map(why -> {
            event.accept(why + "; exit status " + ExitCode.ENGINE_FAILED + " (the application's was " + status + ")");
            return ExitCode.ENGINE_FAILED;
        }).orElse(status);
    }
}
