package org.crjob.engine.dmtcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.crjob.engine.json.JsonMappers;
import org.crjob.failure.InvalidValueException;
import org.crjob.failure.UnexpectedStateException;

/**
 * The DMTCP options users set today, and which DMTCP program gets each (read in DMTCP 4.2.0's sources,
 * {@code dmtcp_launch.cpp}, {@code dmtcprestartinternal.cpp}, {@code dmtcp_coordinator.cpp}):
 * <ul>
 *   <li>{@code --gzip/--no-gzip}, {@code --ckpt-open-files}, {@code --allow-file-overwrite}, {@code --modify-env},
 *       {@code --with-plugin}: {@code dmtcp_launch} only. They are fixed when the program is launched and kept in
 *       its images: {@code dmtcp_restart} refuses every one of them ("Invalid Argument").</li>
 *   <li>the temporary directory: all three take {@code --tmpdir}, but the 4.2 coordinator ignores its own, so crjob
 *       passes {@code DMTCP_TMPDIR} to every DMTCP program of the job, the same value (DMTCP: "behavior is undefined
 *       if two launched processes specify different tmpdirs").</li>
 *   <li>the interval: never DMTCP's. DMTCP's own periodic checkpoints ({@code -i}, {@code DMTCP_CHECKPOINT_INTERVAL})
 *       would write images no generation holds; crjob's {@code --interval} takes checkpoints through the store
 *       instead, and {@code DMTCP_CHECKPOINT_INTERVAL=0} goes to everything crjob starts.</li>
 * </ul>
 *
 * @param compression {@code --gzip}, {@code --no-gzip}, or DMTCP's default (gzip, unless {@code DMTCP_GZIP=0})
 * @param plugins     absolute paths, in order ({@code --with-plugin a:b})
 * @param tmpDir      {@code DMTCP_TMPDIR}; null for crjob's per-job default ({@link DmtcpPaths#tmpDir})
 */
public record DmtcpOptions(Compression compression, boolean ckptOpenFiles, boolean allowFileOverwrite,
                           boolean modifyEnv, List<Path> plugins, Path tmpDir) {

    /**
     * The options file's JSON: Jackson's defaults for these fields, as the coordinator's messages write them; a later
     * crjob may add fields, which an older one skips.
     */
    private static final ObjectMapper OPTIONS_FILE = JsonMappers.builder().build();

    /** DMTCP's own periodic checkpoints: set to 0 for every DMTCP program crjob starts. */
    public static final String ENV_INTERVAL = "DMTCP_CHECKPOINT_INTERVAL";
    static final String ENV_GZIP = "DMTCP_GZIP";
    static final String ENV_PLUGIN = "DMTCP_PLUGIN";

    public static final DmtcpOptions DEFAULTS = new DmtcpOptions(Compression.DEFAULT, false, false, false, List.of(),
            null);

    /** How images are written. */
    public enum Compression {
        /** DMTCP's default: gzip, unless the environment says {@code DMTCP_GZIP=0}. */
        DEFAULT,
        GZIP,
        NONE
    }

    public DmtcpOptions {
        Objects.requireNonNull(compression, "compression");
        plugins = plugins == null ? List.of() : plugins.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        tmpDir = tmpDir == null ? null : tmpDir.toAbsolutePath().normalize();
        if (allowFileOverwrite && !ckptOpenFiles) {
            throw new InvalidValueException("--allow-file-overwrite only acts together with --ckpt-open-files (it"
                    + " lets a restart write the checkpointed copy of an open file over the file): add"
                    + " --ckpt-open-files, or drop --allow-file-overwrite");
        }
        for (Path plugin : plugins) {
            if (!Files.isRegularFile(plugin)) {
                throw new InvalidValueException("--with-plugin " + plugin + ": no such file; DMTCP preloads a"
                        + " plugin by its path (a shared library, e.g. libdmtcp_myplugin.so)");
            }
        }
    }

    /** What {@code dmtcp_launch} gets, before the program. */
    public List<String> launchArgs() {
        List<String> args = launchOnly();
        if (!plugins.isEmpty()) {
            args.add(pluginList()); // the value of --with-plugin, launchOnly()'s last flag
        }
        return args;
    }

    private Optional<String> compressionFlag() {
        return switch (compression) {
            case GZIP -> Optional.of("--gzip");
            case NONE -> Optional.of("--no-gzip");
            default -> Optional.empty();
        };
    }

    /**
     * The variables a job script's own {@code dmtcp_launch} reads for these options (NERSC's scripts run it
     * themselves): {@code DMTCP_GZIP}, {@code DMTCP_PLUGIN}, and {@code DMTCP_CHECKPOINT_INTERVAL=0}.
     * {@code --ckpt-open-files} and {@code --modify-env} have no variable: such a script must put them on its
     * {@code dmtcp_launch} line; {@link #launchOnlyWithoutVariable} names them.
     */
    public Map<String, String> scriptEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        if (compression != Compression.DEFAULT) {
            env.put(ENV_GZIP, compression == Compression.GZIP ? "1" : "0");
        }
        if (!plugins.isEmpty()) {
            env.put(ENV_PLUGIN, pluginList());
        }
        env.put(ENV_INTERVAL, "0");
        return env;
    }

    /** The options set here that only {@code dmtcp_launch} takes and no variable carries. */
    public List<String> launchOnlyWithoutVariable() {
        List<String> set = new ArrayList<>();
        if (ckptOpenFiles) {
            set.add("--ckpt-open-files");
        }
        if (allowFileOverwrite) {
            set.add("--allow-file-overwrite");
        }
        if (modifyEnv) {
            set.add("--modify-env");
        }
        return set;
    }

    /** The options set here that only a launch can set (all but the temporary directory), as flags. */
    public List<String> launchOnly() {
        List<String> set = new ArrayList<>();
        compressionFlag().ifPresent(set::add);
        set.addAll(launchOnlyWithoutVariable());
        if (!plugins.isEmpty()) {
            set.add("--with-plugin");
        }
        return set;
    }

    /**
     * These options (a {@code crjob launch}'s) on top of {@code base} (those the job's coordinator was started
     * with): a compression given here wins, flags and plugins add up; the temporary directory is the coordinator's.
     *
     * @throws InvalidValueException when both name a different temporary directory
     */
    public DmtcpOptions over(DmtcpOptions base) {
        if (tmpDir != null && base.tmpDir != null && !tmpDir.equals(base.tmpDir)) {
            throw new InvalidValueException("--tmpdir " + tmpDir + " differs from the DMTCP temporary directory the"
                    + " job's coordinator was started with (" + base.tmpDir + "); DMTCP needs one for the whole"
                    + " computation: give --tmpdir to crjob start-coordinator only");
        }
        LinkedHashSet<Path> allPlugins = new LinkedHashSet<>(base.plugins);
        allPlugins.addAll(plugins);
        return new DmtcpOptions(compression == Compression.DEFAULT ? base.compression : compression,
                ckptOpenFiles || base.ckptOpenFiles, allowFileOverwrite || base.allowFileOverwrite,
                modifyEnv || base.modifyEnv, List.copyOf(allPlugins), tmpDir != null ? tmpDir : base.tmpDir);
    }

    /** The paths DMTCP works in, with this temporary directory when one was given. */
    public DmtcpPaths applyTo(DmtcpPaths paths) {
        return tmpDir == null ? paths : paths.withTmpDir(tmpDir);
    }

    private String pluginList() {
        return String.join(":", plugins.stream().map(Path::toString).toList());
    }

    /** Written by the engine that owns the DMTCP coordinator, for {@code crjob launch} and {@code restart}. */
    void write(Path file) {
        try {
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temp, OPTIONS_FILE.writeValueAsString(this));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the job's DMTCP options to " + file + ": " + e.getMessage(),
                    e);
        }
    }

    /** The options in {@code file}, or the defaults when there is none (a coordinator of an older crjob). */
    static DmtcpOptions read(Path file) {
        if (!Files.exists(file)) {
            return DEFAULTS;
        }
        try {
            return OPTIONS_FILE.readValue(file.toFile(), DmtcpOptions.class);
        } catch (IOException e) {
            throw new UnexpectedStateException("cannot read the job's DMTCP options " + file + ": " + e.getMessage()
                    + "; restart the coordinator (crjob quit; crjob start-coordinator --engine dmtcp)", e);
        }
    }
}
