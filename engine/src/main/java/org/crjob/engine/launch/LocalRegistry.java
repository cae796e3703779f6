package org.crjob.engine.launch;

import org.crjob.engine.AppSpec;
import org.crjob.engine.ExitVerdict;
import org.crjob.engine.coordinator.Coordinator;

/** Announces a launched application to a coordinator in the same process ({@code crjob run}). */
public final class LocalRegistry implements AppRegistry {
    private final Coordinator coordinator;

    public LocalRegistry(Coordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public void register(AppSpec spec, int pid) {
        coordinator.register(spec, pid);
    }

    @Override
    public ExitVerdict exited(int pid, int status) {
        return coordinator.exited(pid, status);
    }
}
