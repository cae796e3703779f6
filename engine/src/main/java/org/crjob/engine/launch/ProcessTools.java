package org.crjob.engine.launch;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.crjob.process.Command;
import org.crjob.process.CommandException;
import org.crjob.process.ExecCommandRunner;

/**
 * The util-linux helpers that put an application in a session of its own ({@code setsid}) and tie its
 * life to its launcher ({@code setpriv --pdeathsig}). Java cannot run code between fork and exec, so
 * these small programs do it; each is used only when present.
 */
final class ProcessTools {
    private static volatile Boolean pdeathsigSupported;

    private ProcessTools() {
    }

    /** {@code command} prefixed so that it runs in its own session and dies with its launcher. */
    static List<String> isolated(List<String> command) {
        List<String> argv = new ArrayList<>();
        find("setsid").ifPresent(setsid -> argv.add(setsid.toString()));
        if (argv.isEmpty()) {
            throw new IllegalStateException("cannot find 'setsid' on PATH (util-linux): crjob needs it to run the "
                    + "application in a process group of its own");
        }
        find("setpriv").filter(ProcessTools::supportsPdeathsig).ifPresent(setpriv -> {
            argv.add(setpriv.toString());
            argv.add("--pdeathsig=KILL");
            argv.add("--");
        });
        argv.addAll(command);
        return argv;
    }

    static Optional<Path> find(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** setpriv learnt --pdeathsig in util-linux 2.33; older systems (RHEL 8) lack it. */
    private static boolean supportsPdeathsig(Path setpriv) {
        Boolean known = pdeathsigSupported;
        if (known == null) {
            try {
                known = new ExecCommandRunner().run(Command.of(setpriv.toString(), "--help")
                        .withTimeout(Duration.ofSeconds(10))).stdout().contains("--pdeathsig");
            } catch (CommandException e) {
                known = false;
            }
            pdeathsigSupported = known;
        }
        return known;
    }
}
