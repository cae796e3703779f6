package org.crjob.engine.dmtcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code dmtcp_env.txt}, which DMTCP's modify-env plugin reads when a program launched with {@code --modify-env} is
 * restarted: without it the restored program keeps the environment of the run that launched it
 * ({@code SLURM_JOB_ID}, {@code SLURM_RESTART_COUNT} of the first job). Written before every restart with the new
 * run's {@code SLURM_*} and {@code CRJOB_*} values.
 *
 * <p>What DMTCP 4.2 really does (plugin/modify-env/modify-env.c, src/dmtcpplugin.cpp), and why the file is what it is:
 * <ul>
 *   <li>it opens {@code <checkpoint dir>/dmtcp_env.txt}, the directory of the restart's {@code --ckptdir}, not the
 *       working directory; {@code DMTCP_ENV_FILE} is appended to that directory too;</li>
 *   <li>{@code $NAME} in the file is looked up by {@code dmtcp_get_restart_env}, which scans only the first 8 bytes
 *       of each line of the restart environment ({@code sizeof} of a pointer): it finds the first variable and
 *       hardly any other. So crjob writes values, quoted, never {@code $NAME};</li>
 *   <li>lines are {@code NAME="value"} with {@code \} escaping; a value holds at most 999 bytes and the file
 *       12 KB.</li>
 * </ul>
 * A user's own {@code dmtcp_env.txt} in the job's working directory (DMTCP's default checkpoint directory, where
 * DMTCP users keep it) is used instead, as it is.
 */
final class DmtcpRestartEnv {
    static final String FILE_NAME = "dmtcp_env.txt";
    private static final int MAX_VALUE = 999;
    private static final int MAX_FILE = 12_000;

    private DmtcpRestartEnv() {
    }

    /** Writes {@code <imageDir>/dmtcp_env.txt} for a restart run with {@code env}, from the job's {@code workDir}. */
    static void write(DmtcpPaths paths, Path workDir, Map<String, String> env) {
        Path target = paths.imageDir().resolve(FILE_NAME);
        Path own = workDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(paths.imageDir());
            Path temp = paths.imageDir().resolve("." + FILE_NAME + ".tmp");
            if (Files.isRegularFile(own)) {
                Files.copy(own, temp, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.writeString(temp, text(env));
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write DMTCP's restart environment " + target + ": " + e.getMessage(),
                    e);
        }
    }

    /** {@code CRJOB_*} first, then {@code SLURM_*}, each {@code NAME="value"}, as long as the file stays small. */
    static String text(Map<String, String> env) {
        StringBuilder out = new StringBuilder("# written by crjob for DMTCP's modify-env plugin: the new run's"
                + " variables\n");
        Map<String, String> ordered = new TreeMap<>((a, b) -> a.startsWith("CRJOB_") == b.startsWith("CRJOB_")
                ? a.compareTo(b) : a.startsWith("CRJOB_") ? -1 : 1);
        env.forEach((name, value) -> {
            if ((name.startsWith("CRJOB_") || name.startsWith("SLURM_")) && name.matches("[A-Za-z0-9_]+")
                    && value.length() <= MAX_VALUE && value.indexOf('\n') < 0) {
                ordered.put(name, value);
            }
        });
        for (Map.Entry<String, String> e : ordered.entrySet()) {
            String line = e.getKey() + "=\"" + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")
                    .replace("$", "\\$") + "\"\n";
            if (out.length() + line.length() > MAX_FILE) {
                break;
            }
            out.append(line);
        }
        return out.toString();
    }
}
