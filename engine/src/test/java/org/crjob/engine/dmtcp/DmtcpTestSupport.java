package org.crjob.engine.dmtcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** DMTCP for the tests that need the real one: through DMTCP_ROOT, then PATH; skipped where it is absent. */
final class DmtcpTestSupport {
    private DmtcpTestSupport() {
    }

    static DmtcpInstallation installationOrSkip() {
        try {
            return DmtcpInstallation.find();
        } catch (DmtcpNotFoundException e) {
            Assumptions.abort("DMTCP is not installed here: set DMTCP_ROOT to a DMTCP 4.x install prefix (the"
                    + " directory holding bin/dmtcp_launch) to run this test");
            throw e; // not reached
        }
    }

    /**
     * The job's running dmtcp_coordinator: the process whose arguments name its port file. Read from
     * /proc/PID/cmdline: DMTCP rewrites its argv in place, which ProcessHandle.Info does not show.
     */
    static long coordinatorOf(DmtcpPaths paths) throws IOException {
        String portFile = paths.portFile().toString();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String name = proc.getFileName().toString();
                if (!name.matches("[0-9]+")) {
                    continue;
                }
                try {
                    String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")));
                    if (cmdline.contains(portFile)) {
                        return Long.parseLong(name);
                    }
                } catch (IOException e) {
                    // ended meanwhile
                }
            }
        }
        throw new AssertionError("no dmtcp_coordinator with " + portFile);
    }
}
