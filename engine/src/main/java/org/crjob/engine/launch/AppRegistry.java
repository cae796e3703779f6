package org.crjob.engine.launch;

import org.crjob.engine.coordinator.AppSpec;

/** Where a launched application is announced: the coordinator, over its protocol or in the same process. */
public interface AppRegistry {
    void register(AppSpec spec, int pid);

    void exited(int pid, int status);
}
