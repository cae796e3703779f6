package org.crjob.engine.launch;

import org.crjob.engine.AppSpec;
import org.crjob.engine.ExitVerdict;

/** Where a launched application is announced: the coordinator, over its protocol or in the same process. */
public interface AppRegistry {
    void register(AppSpec spec, int pid);

    /** What the exit means for the work: whether to start the application again from what it saved. */
    ExitVerdict exited(int pid, int status);
}
