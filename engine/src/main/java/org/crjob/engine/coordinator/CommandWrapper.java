package org.crjob.engine.coordinator;

import com.samskivert.mustache.Mustache;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.crjob.failure.BrokenInstallationException;
import org.crjob.failure.IoReasons;
import org.crjob.failure.UnexpectedStateException;
import org.crjob.process.Command;

/**
 * The login-node commands start-coordinator writes in the job's working directory, rendered from the templates
 * beside this class. {@code ./crjob_command.<jobid>}: what NERSC's {@code dmtcp_command.<jobid>} is for DMTCP, for
 * crjob: run from the job's working directory on a login node, it talks to that job's coordinator, e.g.
 * {@code ./crjob_command.123 checkpoint}. Readable by its owner only (nersc_cr made its wrapper world-readable and
 * executable).
 */
public final class CommandWrapper {
    private CommandWrapper() {
    }

    /** @param launcher how the wrapper runs crjob */
    public static void write(Path wrapper, String jobId, String launcher) {
        writePrivate(wrapper, render("crjob_command.mustache", wrapper, jobId, launcher));
    }

    /**
     * {@code ./dmtcp_command.<jobid>}, NERSC's documented login-node command, for the dmtcp engine: the common
     * {@code dmtcp_command} options become crjob commands for the job ({@code --checkpoint} is a blocking
     * {@code crjob checkpoint}, which returns once the generation is stored). Any other option is refused with
     * the list of the supported ones, rather than passed to a DMTCP coordinator the user should not drive
     * behind crjob's back.
     *
     * @param launcher how the wrapper runs crjob
     */
    public static void writeDmtcp(Path wrapper, String jobId, String launcher) {
        writePrivate(wrapper, render("dmtcp_command.mustache", wrapper, jobId, launcher));
    }

    /** The template with the job (as it is in comments, shell-quoted in commands), the launcher and the file name. */
    private static String render(String template, Path wrapper, String jobId, String launcher) {
        Map<String, String> values = Map.of("jobId", jobId, "job", Command.shellQuote(jobId),
                "launcher", Command.shellQuote(launcher), "name", wrapper.getFileName().toString());
        // no HTML escaping: the values are quoted for the shell already
        return Mustache.compiler().escapeHTML(false).compile(template(template)).execute(values);
    }

    private static String template(String name) {
        try (InputStream in = CommandWrapper.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new BrokenInstallationException(name + " is missing from crjob's jar: rebuild crjob");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " from crjob's jar: " + e.getMessage(), e);
        }
    }

    /** Written whole (temporary file, then rename), rwx for its owner only. */
    private static void writePrivate(Path wrapper, String script) {
        try {
            Path temp = Files.createTempFile(wrapper.toAbsolutePath().getParent(), ".crjob_command", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.writeString(temp, script);
            Files.move(temp, wrapper, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UnexpectedStateException("cannot write " + wrapper + ": " + IoReasons.of(e)
                    + "; start the coordinator from a directory you can write to", e);
        }
    }
}
