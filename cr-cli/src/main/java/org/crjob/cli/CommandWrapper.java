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
        write(wrapper, jobId, System.getenv().getOrDefault("CRJOB_LAUNCHER", "crjob"));
    }

    /** @param launcher how the wrapper runs crjob */
    static void write(Path wrapper, String jobId, String launcher) {
        String script = "#!/bin/bash\n"
                + "# Talks to the crjob coordinator of job " + jobId + ", from anywhere that sees this directory.\n"
                + "# Usage: " + wrapper.getFileName() + " checkpoint|status|quit|interval SECONDS [options]\n"
                + "if [[ $# -eq 0 ]]; then echo \"usage: $0 checkpoint|status|quit|interval SECONDS\" >&2; exit 2; fi\n"
                + "sub=$1; shift\n"
                + "exec " + org.crjob.process.Command.shellQuote(launcher) + " \"$sub\" --job " + org.crjob.process.Command.shellQuote(jobId) + " \"$@\"\n";
        writePrivate(wrapper, script);
    }

    /**
     * {@code ./dmtcp_command.<jobid>}, NERSC's documented login-node command, for the dmtcp engine: the common
     * {@code dmtcp_command} options become crjob commands for the job ({@code --checkpoint} is a blocking
     * {@code crjob checkpoint}, which returns once the generation is stored). Any other option is refused with
     * the list of the supported ones, rather than passed to a DMTCP coordinator the user should not drive
     * behind crjob's back.
     */
    static void writeDmtcp(Path wrapper, String jobId) {
        writeDmtcp(wrapper, jobId, System.getenv().getOrDefault("CRJOB_LAUNCHER", "crjob"));
    }

    /** @param crjob how the wrapper runs crjob */
    static void writeDmtcp(Path wrapper, String jobId, String crjob) {
        String launcher = org.crjob.process.Command.shellQuote(crjob);
        String job = org.crjob.process.Command.shellQuote(jobId);
        String name = wrapper.getFileName().toString();
        String script = "#!/bin/bash\n"
                + "# NERSC's " + name + " for crjob's dmtcp engine: talks to the crjob coordinator of job " + jobId
                + ",\n# from anywhere that sees this directory, e.g. ./" + name + " --checkpoint\n"
                + "crjob=" + launcher + "\njob=" + job + "\n"
                + "usage() {\n"
                + "    cat <<'EOF'\n"
                + "usage: ./" + name + " COMMAND     (dmtcp_command's options, mapped onto crjob's commands)\n"
                + "  -c, --checkpoint, -bc, --bcheckpoint   checkpoint now; returns once it is stored (crjob checkpoint)\n"
                + "  -kc, --kcheckpoint                     checkpoint, then stop the application (crjob checkpoint; crjob quit)\n"
                + "  -s, --status                           the coordinator's status (crjob status)\n"
                + "  -q, --quit                             stop the application and the coordinator (crjob quit)\n"
                + "  -i N, --interval N                     checkpoint every N seconds, 0 for never (crjob interval N)\n"
                + "  --help                                 this text\n"
                + "EOF\n"
                + "}\n"
                + "fail() { echo \"$0: $*\" >&2; usage >&2; exit 2; }\n"
                + "(($# > 0)) || fail 'no command given'\n"
                + "opt=$1; shift\n"
                + "case $opt in\n"
                + "    -i | --interval) (($# > 0)) || fail \"$opt needs a number of seconds\"; n=$1; shift ;;\n"
                + "    --interval=*) n=${opt#--interval=}; opt=--interval ;;\n"
                + "    -i[0-9]*) n=${opt#-i}; opt=--interval ;;\n"
                + "esac\n"
                + "(($# == 0)) || fail \"one command at a time: unexpected '$*' after $opt\"\n"
                + "case $opt in\n"
                + "    -c | --checkpoint | -bc | --bcheckpoint) exec \"$crjob\" checkpoint --job \"$job\" ;;\n"
                + "    -kc | --kcheckpoint) \"$crjob\" checkpoint --job \"$job\" && exec \"$crjob\" quit --job \"$job\" ;;\n"
                + "    -s | --status) exec \"$crjob\" status --job \"$job\" ;;\n"
                + "    -q | --quit) exec \"$crjob\" quit --job \"$job\" ;;\n"
                + "    -i | --interval) exec \"$crjob\" interval \"$n\" --job \"$job\" ;;\n"
                + "    --help) usage; exit 0 ;;\n"
                + "    *) fail \"unsupported option '$opt'\" ;;\n"
                + "esac\n";
        writePrivate(wrapper, script);
    }

    /** Written whole (temporary file, then rename), rwx for its owner only. */
    private static void writePrivate(Path wrapper, String script) {
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
