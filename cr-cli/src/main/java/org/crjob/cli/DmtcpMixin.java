package org.crjob.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crjob.engine.EngineKind;
import org.crjob.engine.dmtcp.DmtcpOptions.Compression;
import org.crjob.engine.dmtcp.DmtcpOptions;
import org.crjob.failure.InvalidValueException;
import org.crjob.joblog.JobLog;
import picocli.CommandLine.Option;

/**
 * The DMTCP options users set today, with DMTCP's own names: for launch, restart, start-coordinator and run.
 * {@link DmtcpOptions} says which DMTCP program gets each; options given to start-coordinator are also those of
 * every later {@code crjob launch} of the job.
 */
final class DmtcpMixin {
    @Option(names = "--gzip", negatable = true,
            description = "dmtcp engine: compress the images (DMTCP's default), or not with --no-gzip: much faster for"
                    + " incompressible memory. dmtcp_launch's own option, kept by restarts.")
    Boolean gzip;

    @Option(names = {"--ckpt-open-files", "--checkpoint-open-files"},
            description = "dmtcp engine: checkpoint the contents of the files the program has open, and restore its"
                    + " working directory (dmtcp_launch's --ckpt-open-files).")
    boolean ckptOpenFiles;

    @Option(names = "--allow-file-overwrite",
            description = "dmtcp engine, with --ckpt-open-files: a restart writes the checkpointed copy of an open file"
                    + " over the file (dmtcp_launch's --allow-file-overwrite).")
    boolean allowFileOverwrite;

    @Option(names = "--modify-env",
            description = "dmtcp engine: a restarted program gets the new run's SLURM_* and CRJOB_* variables instead of"
                    + " the first run's (dmtcp_launch's --modify-env; crjob writes the dmtcp_env.txt it reads unless"
                    + " you have one in the job's directory or DMTCP_ENV_FILE is set).")
    boolean modifyEnv;

    @Option(names = "--with-plugin", paramLabel = "PATH", split = ":",
            description = "dmtcp engine: a DMTCP plugin to preload (a shared library); repeat, or separate with ':'"
                    + " (dmtcp_launch's --with-plugin).")
    List<Path> plugins = new ArrayList<>();

    @Option(names = "--tmpdir", paramLabel = "DIR",
            description = "dmtcp engine: DMTCP's temporary directory (DMTCP_TMPDIR) for the whole job. Default: a"
                    + " directory of the job's own in .crjob/<jobid>/; give it to start-coordinator or run.")
    Path tmpDir;

    /**
     * The options, for a command using {@code engine}.
     *
     * @throws InvalidValueException when DMTCP options are given to another engine, or do not go together
     */
    DmtcpOptions options(String engine) {
        DmtcpOptions options = new DmtcpOptions(gzip == null ? Compression.DEFAULT : gzip ? Compression.GZIP
                : Compression.NONE, ckptOpenFiles, allowFileOverwrite, modifyEnv, plugins, tmpDir);
        if (!EngineKind.DMTCP.is(engine) && !options.equals(DmtcpOptions.DEFAULTS)) {
            throw new InvalidValueException("DMTCP options (--gzip, --no-gzip, --ckpt-open-files,"
                    + " --allow-file-overwrite, --modify-env, --with-plugin, --tmpdir) need the dmtcp engine, and this"
                    + " one is '" + engine + "'");
        }
        return options;
    }

    /**
     * For {@code crjob restart}: only the temporary directory; the rest were fixed when the program was launched
     * and are kept in its images ({@code dmtcp_restart} takes none of them).
     */
    DmtcpOptions restartOptions(String engine) {
        DmtcpOptions options = options(engine);
        if (!options.launchOnly().isEmpty()) {
            throw new InvalidValueException(String.join(", ", options.launchOnly()) + ": chosen when the"
                    + " program is launched (crjob launch, crjob run) and kept in its checkpoint images; dmtcp_restart"
                    + " cannot change them, so crjob restart does not take them");
        }
        return options;
    }

    /**
     * crjob's checkpoint interval: {@code given} ({@code -i}), or for the dmtcp engine, when none is given, the
     * {@code DMTCP_CHECKPOINT_INTERVAL} a DMTCP user has set. Never DMTCP's own: its periodic images would not be
     * stored as generations; crjob's checkpoints are.
     */
    static long interval(long given, String engine, Map<String, String> env, JobLog log) {
        String dmtcp = env.get(DmtcpOptions.ENV_INTERVAL);
        if (given != 0 || !EngineKind.DMTCP.is(engine) || dmtcp == null || dmtcp.isBlank()) {
            return given;
        }
        long seconds;
        try {
            seconds = Long.parseLong(dmtcp.trim());
        } catch (NumberFormatException e) {
            throw new InvalidValueException(DmtcpOptions.ENV_INTERVAL + " is '" + dmtcp + "', not a number of"
                    + " seconds");
        }
        if (seconds > 0) {
            log.event(DmtcpOptions.ENV_INTERVAL + "=" + seconds + ": crjob checkpoints every " + seconds + " s (each"
                    + " checkpoint stored as a generation; DMTCP's own interval is turned off)");
        }
        return Math.max(0, seconds);
    }
}
