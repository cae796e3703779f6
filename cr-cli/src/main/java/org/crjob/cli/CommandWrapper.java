package org.crjob.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * {@code ./crjob_command.<jobid>}: what NERSC's {@code dmtcp_command.<jobid>} is for DMTCP, for crjob:
 * run from the job's working directory on a login node, it talks to that job's coordinator,
 * e.g. {@code ./crjob_command.123 checkpoint}. Readable by its owner only (nersc_cr made its wrapper
 * world-readable and executable).
 */
final class CommandWrapper {
    private CommandWrapper() {
    }

    static void write(Path wrapper, String jobId) {
        String launcher = System.getenv().getOrDefault("CRJOB_LAUNCHER", "crjob");
        String script = "#!/bin/bash\n"
                + "# Talks to the crjob coordinator of job " + jobId + ", from anywhere that sees this directory.\n"
                + "# Usage: " + wrapper.getFileName() + " checkpoint|status|quit|interval SECONDS [options]\n"
                + "if [[ $# -eq 0 ]]; then echo \"usage: $0 checkpoint|status|quit|interval SECONDS\" >&2; exit 2; fi\n"
                + "sub=$1; shift\n"
                + "exec " + ShellQuote.quote(launcher) + " \"$sub\" --job " + ShellQuote.quote(jobId) + " \"$@\"\n";
        try {
            Path temp = Files.createTempFile(wrapper.toAbsolutePath().getParent(), ".crjob_command", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.writeString(temp, script);
            Files.move(temp, wrapper, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + wrapper + ": " + e.getMessage(), e);
        }
    }
}
