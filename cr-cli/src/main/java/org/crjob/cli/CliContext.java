package org.crjob.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.crjob.process.Command;
import org.crjob.process.ExecCommandRunner;
import org.crjob.slurm.JobEnv;
import org.crjob.slurm.Slurm;
import org.crjob.slurm.SlurmCommands;

/**
 * What a command takes from the world outside its options: Slurm, the environment, the clock and the working
 * directory. {@link CommandFactory} gives it to every command, so that tests run commands on a stand-in Slurm and
 * an environment of their own; no command reaches for the real ones itself.
 *
 * @param workDir absolute: the directory crjob was started in
 */
record CliContext(Slurm slurm, Map<String, String> env, Clock clock, Path workDir) {
    /** What bin/crjob runs crjob as, for scripts crjob writes: {@code $CRJOB_LAUNCHER}, else {@code crjob}. */
    static final String ENV_LAUNCHER = "CRJOB_LAUNCHER";

    CliContext {
        env = Map.copyOf(env);
        workDir = workDir.toAbsolutePath();
    }

    /**
     * This process's: the real Slurm commands (their retries against a slow controller are added by each command,
     * told in its log: {@code BaseCommand.slurm()}), its environment, the system clock and its working directory.
     */
    static CliContext system() {
        return new CliContext(new SlurmCommands(new ExecCommandRunner(), null, Command.DEFAULT_TIMEOUT), System.getenv(),
                Clock.systemUTC(), Path.of("").toAbsolutePath());
    }

    JobEnv jobEnv() {
        return new JobEnv(env);
    }

    String launcher() {
        return env.getOrDefault(ENV_LAUNCHER, "crjob");
    }
}
