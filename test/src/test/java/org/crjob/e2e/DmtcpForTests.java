package org.crjob.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.crjob.engine.dmtcp.DmtcpInstallation;
import org.crjob.engine.dmtcp.DmtcpNotFoundException;
import org.junit.jupiter.api.Assumptions;

/** DMTCP for the end-to-end tests that need it: through DMTCP_ROOT, then PATH; skipped where it is absent. */
final class DmtcpForTests {
    private DmtcpForTests() {
    }

    static DmtcpInstallation installationOrSkip() {
        try {
            return DmtcpInstallation.find();
        } catch (DmtcpNotFoundException e) {
            Assumptions.abort("DMTCP is not installed here: set DMTCP_ROOT to a DMTCP 4.x install prefix to run"
                    + " this test");
            throw e; // not reached
        }
    }

    /**
     * The dmtcp_coordinator of job {@code id} run from {@code jobDir}: the process whose arguments name its port
     * file, read from /proc/PID/cmdline (DMTCP rewrites its argv in place, which ProcessHandle.Info does not show).
     */
    static long coordinatorOf(Path jobDir, String id) throws IOException {
        String portFile = jobDir.resolve(".crjob").resolve(id).resolve("dmtcp.port").toString();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                if (proc.getFileName().toString().matches("[0-9]+")) {
                    try {
                        if (new String(Files.readAllBytes(proc.resolve("cmdline"))).contains(portFile)) {
                            return Long.parseLong(proc.getFileName().toString());
                        }
                    } catch (IOException e) {
                        // ended meanwhile
                    }
                }
            }
        }
        throw new AssertionError("no dmtcp_coordinator with " + portFile);
    }
}
