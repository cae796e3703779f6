package org.crjob.engine.dmtcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;

/**
 * The file DMTCP's modify-env plugin reads when a program launched with {@code --modify-env} is restarted
 * ({@code DMTCP_ENV_FILE}). A restored program otherwise keeps the environment of the run that launched it:
 * {@code SLURM_JOB_ID}, {@code SLURM_RESTART_COUNT} of the first job. Each line is {@code NAME=$NAME}, which the
 * plugin expands from {@code dmtcp_restart}'s own environment, so the file holds names, never values, and the
 * restored program sees the new run's Slurm and crjob variables.
 *
 * <p>A user's own file wins: nothing is written when {@code DMTCP_ENV_FILE} is set or the job's working directory
 * has a {@code dmtcp_env.txt} (DMTCP's default name).
 */
final class DmtcpRestartEnv {
    static final String ENV_FILE = "DMTCP_ENV_FILE";
    static final String DEFAULT_NAME = "dmtcp_env.txt";

    private DmtcpRestartEnv() {
    }

    /**
     * {@code DMTCP_ENV_FILE=<file>} after writing it, listing the {@code SLURM_*} variables of {@code env} and
     * {@code crjobNames}; empty when the user has a file of their own.
     */
    static Map<String, String> environment(DmtcpPaths paths, Path workDir, Map<String, String> env,
                                           Collection<String> crjobNames) {
        if (env.containsKey(ENV_FILE) || Files.exists(workDir.resolve(DEFAULT_NAME))) {
            return Map.of();
        }
        TreeSet<String> names = new TreeSet<>(crjobNames);
        env.keySet().stream().filter(n -> n.startsWith("SLURM_") && n.matches("[A-Za-z0-9_]+")).forEach(names::add);
        try {
            Files.createDirectories(paths.stateDir());
            Files.writeString(paths.restartEnvFile(), text(names));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write DMTCP's restart environment file " + paths.restartEnvFile()
                    + ": " + e.getMessage(), e);
        }
        return Map.of(ENV_FILE, paths.restartEnvFile().toString());
    }

    static String text(Collection<String> names) {
        StringBuilder out = new StringBuilder("# written by crjob: the restarted program gets these variables of the"
                + " new run\n");
        names.forEach(n -> out.append(n).append("=$").append(n).append('\n'));
        return out.toString();
    }
}
