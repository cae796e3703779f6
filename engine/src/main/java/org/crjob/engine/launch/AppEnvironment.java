package org.crjob.engine.launch;

import java.util.HashMap;
import java.util.Map;
import org.crjob.engine.AppSpec;
import org.crjob.engine.coordinator.CoordinatorLocator;
import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.engine.protocol.CoordinatorInfo;

/** The variables an application under crjob sees, so it (and crjob checkpoint-done) can find its coordinator. */
public final class AppEnvironment {
    public static final String ENV_DONE_FILE = "CRJOB_DONE_FILE";

    private AppEnvironment() {
    }

    public static Map<String, String> of(CoordinatorInfo coordinator, AppSpec spec, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put(CoordinatorLocator.ENV_JOB_ID, coordinator.jobId());
        env.put(CoordinatorLocator.ENV_STATE_FILE,
                new JobPaths(coordinator.workDir(), coordinator.jobId()).stateFile().toString());
        env.put(ENV_DONE_FILE, spec.doneFile().toString());
        env.putIfAbsent(RestartPlan.ENV_RESTART_COUNT, "0");
        env.putIfAbsent(RestartPlan.ENV_CKPT_DIR, coordinator.ckptDir().toString());
        return env;
    }

    /** The whole environment a command started with {@code env} gets: this process's, with {@code env} on top. */
    public static Map<String, String> inherited(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(System.getenv());
        all.putAll(env);
        return all;
    }
}
