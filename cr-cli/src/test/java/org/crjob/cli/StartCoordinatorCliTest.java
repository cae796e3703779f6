package org.crjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crjob.slurm.UnusedSlurm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * start-coordinator, status and quit to success in this JVM, wired through the {@link CliContext}: the job, the
 * launcher and the working directory come from the test, and no Slurm is asked anything (a job outside Slurm).
 */
class StartCoordinatorCliTest {
    private static final String JOB = "local-cli-" + ProcessHandle.current().pid();

    @TempDir
    Path dir;

    private CliContext context;

    @AfterEach
    void stopTheCoordinator() {
        if (context != null && Files.exists(dir.resolve(".crjob").resolve(JOB).resolve("coordinator.json"))) {
            CliRun.in(context, "quit", "--job", JOB, "--now");
        }
    }

    @Test
    void startCoordinatorStartsTheDaemonPrintsTheExportsAndWritesTheWrapper() throws Exception {
        context = new CliContext(new UnusedSlurm() { }, Map.of("CRJOB_JOB_ID", JOB, "CRJOB_LAUNCHER",
                "/opt/my crjob/crjob"), Clock.systemUTC(), dir);

        CliRun started = CliRun.in(context, "start-coordinator", "--ckpt-dir", dir.resolve("ckpt").toString());

        assertEquals(ExitCode.OK, started.exitCode(), started.err());
        Path stateFile = dir.resolve(".crjob").resolve(JOB).resolve("coordinator.json");
        assertTrue(started.out().startsWith("export CRJOB_JOB_ID=" + JOB + "\nexport CRJOB_STATE_FILE=" + stateFile
                + "\nexport CRJOB_COORD_HOST="), started.out());
        assertTrue(started.err().contains("] coordinator for job " + JOB + " started (pid "), started.err());
        assertTrue(Files.readString(dir.resolve("crjob_command." + JOB))
                .contains("exec '/opt/my crjob/crjob' \"$sub\" --job " + JOB + " \"$@\""));

        CliRun status = CliRun.in(context, "status", "--job", JOB);
        assertEquals(ExitCode.OK, status.exitCode(), status.err());
        assertTrue(status.out().startsWith("job                " + JOB + "\nengine             signal\n"), status.out());

        CliRun quit = CliRun.in(context, "quit", "--job", JOB);
        assertEquals(ExitCode.OK, quit.exitCode(), quit.err());
        assertEquals("coordinator stopped\n", quit.out());
    }

    @ParameterizedTest
    @CsvSource({"--port, 70000", "--port, -1", "--keep, 0", "-i, 9999999999999999", "-i, -5"})
    void aBadOptionValueIsAUsageErrorBeforeAnythingIsWritten(String option, String value) throws Exception {
        context = new CliContext(new UnusedSlurm() { }, Map.of("CRJOB_JOB_ID", JOB), Clock.systemUTC(), dir);

        CliRun refused = CliRun.in(context, "start-coordinator", "--ckpt-dir", dir.resolve("ckpt").toString(), option,
                value);

        assertEquals(ExitCode.USAGE, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("'" + value + "'"), refused.err());
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "nothing may be written for a refused command line");
        }
    }

    @Test
    void aPeerWithoutTheTokenOnEverySlotCannotMakeStatusFail() throws Exception {
        context = new CliContext(new UnusedSlurm() { }, Map.of("CRJOB_JOB_ID", JOB), Clock.systemUTC(), dir);
        CliRun started = CliRun.in(context, "start-coordinator", "--json", "--ckpt-dir", dir.resolve("ckpt").toString());
        assertEquals(ExitCode.OK, started.exitCode(), started.err());
        JsonNode info = new ObjectMapper().readTree(started.out());
        List<Socket> attacker = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) { // every slot, each with a wrong-token line, then silence
                Socket socket = new Socket(info.get("host").asText(), info.get("port").asInt());
                attacker.add(socket);
                socket.getOutputStream().write("{\"token\":\"guess\",\"command\":\"quit\"}\n".getBytes());
            }

            CliRun status = CliRun.in(context, "status", "--job", JOB);

            assertEquals(ExitCode.OK, status.exitCode(), status.err());
        } finally {
            for (Socket socket : attacker) {
                socket.close();
            }
        }
    }
}
