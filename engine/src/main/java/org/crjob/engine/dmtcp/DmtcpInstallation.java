package org.crjob.engine.dmtcp;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where DMTCP's programs are: {@code $DMTCP_ROOT/bin} when that holds them, else the directory on PATH
 * that does. crjob never ships or builds DMTCP; when it is not there, {@link #find} fails at once with a
 * message that says how to get it, so a job never "succeeds" having run nothing under DMTCP.
 *
 * @param bin the directory holding {@code dmtcp_coordinator}, {@code dmtcp_command}, {@code dmtcp_launch}
 *            and {@code dmtcp_restart}
 */
public record DmtcpInstallation(Path bin) {

    public static final String ENV_ROOT = "DMTCP_ROOT";
    static final List<String> PROGRAMS = List.of("dmtcp_coordinator", "dmtcp_command", "dmtcp_launch",
            "dmtcp_restart");

    public DmtcpInstallation {
        bin = bin.toAbsolutePath().normalize();
    }

    /** DMTCP as this process's environment finds it. */
    public static DmtcpInstallation find() {
        return find(System.getenv());
    }

    /**
     * @throws DmtcpNotFoundException when neither {@code $DMTCP_ROOT/bin} nor any PATH directory has all
     *                                of DMTCP's programs
     */
    public static DmtcpInstallation find(Map<String, String> env) {
        String root = env.get(ENV_ROOT);
        String rootProblem = "";
        if (root != null && !root.isBlank()) {
            Path bin = Path.of(root, "bin");
            if (complete(bin)) {
                return new DmtcpInstallation(bin);
            }
            rootProblem = " " + ENV_ROOT + "=" + root + " is set, but " + bin + " lacks " + missing(bin) + ";";
        }
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && complete(Path.of(dir))) {
                return new DmtcpInstallation(Path.of(dir));
            }
        }
        throw new DmtcpNotFoundException("the dmtcp engine needs DMTCP, and it was not found:" + rootProblem
                + " no directory on PATH has dmtcp_launch, dmtcp_restart, dmtcp_command and dmtcp_coordinator."
                + " Load it the way your site provides it (e.g. 'module load dmtcp' in the job script, before"
                + " crjob runs), or install it following DMTCP's install guide (https://github.com/dmtcp/dmtcp,"
                + " INSTALL.md) and set " + ENV_ROOT + " to its install prefix (the directory holding bin/)."
                + " Or use --engine signal if the application saves its own state.");
    }

    private static boolean complete(Path bin) {
        return missing(bin).isEmpty();
    }

    private static String missing(Path bin) {
        return String.join(", ", PROGRAMS.stream().filter(p -> !Files.isExecutable(bin.resolve(p))).toList());
    }

    public Path coordinator() {
        return bin.resolve("dmtcp_coordinator");
    }

    public Path command() {
        return bin.resolve("dmtcp_command");
    }

    public Path launch() {
        return bin.resolve("dmtcp_launch");
    }

    public Path restart() {
        return bin.resolve("dmtcp_restart");
    }
}
