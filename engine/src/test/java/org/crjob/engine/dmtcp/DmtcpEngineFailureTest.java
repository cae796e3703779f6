package org.crjob.engine.dmtcp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.process.ExecCommandRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule "an engine failure is never a finish" without DMTCP: a stand-in for the job's dmtcp_coordinator (its port
 * file, and its log with the lines DMTCP 4.2 writes, as measured in docs/dmtcp-facts.md 20) under the engine as
 * {@code crjob launch} attaches to it. A status 0 is the application's own end unless the coordinator killed the
 * computation after the launch and before any quit of crjob's own.
 */
class DmtcpEngineFailureTest {
    private static final String PROMPT = "dmtcp> ";
    private static final String DISCONNECT = "\u001B[0;32m[2026-12-02T17:39:41.440, 8178, 8178, Note] at"
            + " dmtcp_coordinator.cpp:801 in onDisconnect; REASON='client disconnected; (client->identity() ="
            + " 98ff-40000-43345504de); (client->progname() = bash);\u001B[0m";
    private static final String KILL = "\u001B[0;32m[2026-12-02T17:39:29.750, 8039, 8039, Note] at"
            + " dmtcp_coordinator.cpp:388 in handleUserCommand; REASON='Killing all connected peers...;\u001B[0m";
    private static final String QUIT = "\u001B[0;32m[2026-12-02T17:39:35.248, 8116, 8116, Note] at"
            + " dmtcp_coordinator.cpp:373 in handleUserCommand; REASON='killing all connected peers and quitting ...;"
            + "\u001B[0m";

    @TempDir
    Path dir;
    private DmtcpPaths paths;

    @BeforeEach
    void aRunningCoordinator() throws IOException {
        paths = DmtcpPaths.of(new JobPaths(dir, "7"), dir.resolve("crjob.ckpt"));
        Files.createDirectories(paths.stateDir());
        Files.writeString(paths.portFile(), "40123");
        log("dmtcp_coordinator starting...", "    Port: 40123");
    }

    /** The engine of {@code crjob launch}, which has just built its dmtcp_launch command line. */
    private DmtcpEngine launched() {
        DmtcpEngine engine = DmtcpEngine.attach(new DmtcpInstallation(dir.resolve("bin")), paths,
                DmtcpOptions.DEFAULTS, new ExecCommandRunner());
        engine.launchCommand(List.of("./sim"));
        return engine;
    }

    private void log(String... lines) throws IOException {
        Files.writeString(paths.coordinatorLog(), String.join("\n", lines) + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    @Test
    void aComputationKilledByDmtcpCommandKIsAnEngineFailureThoughItsStatusIs0() throws IOException {
        DmtcpEngine engine = launched();
        log(PROMPT + KILL, PROMPT + DISCONNECT);

        String why = engine.engineFailure(0).orElseThrow();

        assertTrue(why.contains("DMTCP's coordinator killed the computation") && why.contains("dmtcp_command -k or -q")
                && why.contains("'Killing all connected peers...'") && why.contains("40123"), why);
    }

    @Test
    void aComputationEndedBySomeoneElsesQuitIsAnEngineFailure() throws IOException {
        DmtcpEngine engine = launched();
        log(PROMPT + QUIT, "DMTCP coordinator exiting... (per request)");

        assertTrue(engine.engineFailure(0).orElseThrow().contains("killing all connected peers and quitting"));
    }

    @Test
    void anApplicationThatExits0OnItsOwnHasFinished() throws IOException {
        DmtcpEngine engine = launched();
        log(PROMPT + DISCONNECT);

        assertTrue(engine.engineFailure(0).isEmpty());
    }

    @Test
    void crjobsOwnQuitOfTheCoordinatorAfterTheApplicationEndedIsNoFailure() throws IOException {
        DmtcpEngine engine = launched();
        log(PROMPT + DISCONNECT);
        DmtcpCoordinatorLog.markCrjobQuit(paths.coordinatorLog());
        log(PROMPT + QUIT);

        assertTrue(engine.engineFailure(0).isEmpty());
    }

    @Test
    void aKillBeforeThisLaunchBelongsToAnEarlierComputation() throws IOException {
        log(PROMPT + KILL, PROMPT + DISCONNECT);
        DmtcpEngine engine = launched();
        log(PROMPT + DISCONNECT);

        assertTrue(engine.engineFailure(0).isEmpty());
    }

    @Test
    void anApplicationsOwnFailureStaysItsOwnAndDmtcpsFailureStatusIsTheEngines() throws IOException {
        DmtcpEngine engine = launched();
        log(PROMPT + DISCONNECT);

        assertTrue(engine.engineFailure(3).isEmpty());
        assertTrue(engine.engineFailure(DmtcpEngine.FAIL_RC).orElseThrow().contains("DMTCP failed"));
    }
}
