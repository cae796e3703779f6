package org.crjob.engine.coordinator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.crjob.engine.AppSpec;
import org.crjob.engine.launch.AppLauncher;
import org.crjob.engine.launch.ApplicationRun;
import org.crjob.engine.launch.LocalRegistry;
import org.crjob.engine.launch.RestartPlan;
import org.crjob.joblog.JobLog;

/**
 * A counting application that saves and quits, run in {@code dir} as crjob run runs it: started with {@code TO} in
 * its environment, and restarted in place from the newest generation of {@code dir/ckpt} each time it quits.
 */
final class SaveAndQuitRuns {
    private SaveAndQuitRuns() {
    }

    /** {@code script} as the executable dir/app.sh. */
    static Path appScript(Path dir, String script) throws IOException {
        Path app = dir.resolve("app.sh");
        Files.writeString(app, script);
        app.toFile().setExecutable(true);
        return app;
    }

    /** Runs to its end in the background; {@code beforeRestart} runs between a restore and the restart in place. */
    static CompletableFuture<Integer> run(Path dir, Coordinator coordinator, AppSpec spec, int to, JobLog log,
            Runnable beforeRestart) {
        Map<String, String> env = Map.of("TO", Integer.toString(to));
        ApplicationRun.Restarts restarts = () -> {
            RestartPlan plan = RestartPlan.prepare(dir.resolve("ckpt"), spec.command(), 1, log);
            beforeRestart.run();
            Map<String, String> withPlan = new HashMap<>(env);
            withPlan.putAll(plan.env());
            return new ApplicationRun.Start(spec, spec.command(), withPlan, dir,
                    Optional.of(plan.generation().number()));
        };
        ApplicationRun run = new ApplicationRun(new AppLauncher(new LocalRegistry(coordinator)), restarts, log);
        return CompletableFuture.supplyAsync(() -> run.run(new ApplicationRun.Start(spec, spec.command(), env, dir,
                Optional.empty())));
    }
}
