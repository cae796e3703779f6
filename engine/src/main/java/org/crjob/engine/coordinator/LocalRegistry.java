package org.crjob.engine.coordinator;

import org.crjob.engine.launch.AppRegistry;

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
