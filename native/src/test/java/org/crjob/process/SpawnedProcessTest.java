package org.crjob.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.crjob.posix.ListeningSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpawnedProcessTest {
    private static final int DMTCP_COORD_FD = 821;

    @TempDir
    Path dir;

    @Test
    void theChildHoldsOurListeningSocketAtTheNumberItExpectsAndItsOutputGoesToTheLog() throws Exception {
        Path log = dir.resolve("child.log");
        try (ListeningSocket socket = ListeningSocket.open(true)) {
            Process child = start(log, socket, "readlink /proc/self/fd/" + DMTCP_COORD_FD + "; echo to-stderr >&2");

            assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the child ends");
            assertEquals(0, child.exitValue(), Files.readString(log));
        }
        List<String> lines = Files.readAllLines(log);
        assertTrue(lines.get(0).startsWith("socket:["), "fd 821 is a socket: " + lines);
        assertEquals("to-stderr", lines.get(1));
    }

    @Test
    void aLoopbackSocketAcceptsConnectionsOnLoopbackOnly() throws Exception {
        Optional<InetAddress> other = nonLoopbackAddress();
        assumeTrue(other.isPresent(), "this machine has no non-loopback IPv4 address to try");
        try (ListeningSocket socket = ListeningSocket.open(true)) {
            try (Socket fromThisNode = new Socket()) {
                fromThisNode.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.port()), 2000);
            }
            assertThrows(ConnectException.class, () -> {
                try (Socket fromElsewhere = new Socket()) {
                    fromElsewhere.connect(new InetSocketAddress(other.get(), socket.port()), 2000);
                }
            }, "the port is closed on " + other.get());
        }
    }

    @Test
    void theChildStartsWithNoSignalBlockedWhateverTheJvmThreadBlocks() throws Exception {
        Path log = dir.resolve("child.log");
        try (ListeningSocket socket = ListeningSocket.open(true)) {
            Process child = start(log, socket, "grep SigBlk /proc/self/status");
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        }
        assertEquals("SigBlk:\t0000000000000000", Files.readString(log).strip());
    }

    @Test
    void itsExitStatusIsKeptAsProcessGivesIt() throws Exception {
        try (ListeningSocket socket = ListeningSocket.open(true)) {
            Process exits = start(dir.resolve("a.log"), socket, "exit 7");
            Process killed = start(dir.resolve("b.log"), socket, "sleep 60");
            assertTrue(killed.isAlive());

            killed.destroy();

            assertTrue(exits.waitFor(10, TimeUnit.SECONDS));
            assertEquals(7, exits.exitValue());
            assertTrue(killed.waitFor(10, TimeUnit.SECONDS));
            assertEquals(128 + 15, killed.exitValue());
            assertFalse(killed.isAlive());
        }
    }

    private static Process start(Path log, ListeningSocket socket, String script) {
        return SpawnedProcess.start(List.of("/bin/sh", "-c", script), Map.of("PATH", "/usr/bin:/bin"), log, socket,
                DMTCP_COORD_FD);
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        return NetworkInterface.networkInterfaces().filter(SpawnedProcessTest::isUp)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
    }

    private static boolean isUp(NetworkInterface network) {
        try {
            return network.isUp() && !network.isLoopback();
        } catch (IOException e) {
            return false;
        }
    }
}
