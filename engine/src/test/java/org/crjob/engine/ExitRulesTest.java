package org.crjob.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.crjob.posix.Signal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Saved and quit" or "finished": each rule, from the evidence a real exit leaves in real files. */
class ExitRulesTest {
    @TempDir
    Path dir;
    private Path state;

    @BeforeEach
    void anApplicationThatSavedOnceBefore() throws IOException {
        state = dir.resolve("restart.dat");
        Files.writeString(state, "step 10\n");
        Files.setLastModifiedTime(state, FileTime.from(Instant.now().minusSeconds(60)));
    }

    private RunningApp app(Optional<Integer> checkpointExitCode) {
        AppSpec spec = new AppSpec(List.of("./sim"), List.of(state), Signal.INT, dir.resolve("done"),
                Duration.ofMinutes(5), false, checkpointExitCode);
        return new RunningApp(spec, 4242, Instant.now());
    }

    /** What the signal engine does as it asks the application to save. */
    private static RunningApp asked(RunningApp app) {
        app.beginCheckpoint();
        app.signalling(StateStamps.of(app.stateFiles()));
        return app;
    }

    private void replaceByRename(String content) throws IOException {
        Path tmp = dir.resolve("restart.tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, state, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void statusZeroWithNoCheckpointWaitingIsTheEndOfTheWork() {
        ExitVerdict verdict = ExitRules.judge(app(Optional.empty()), 0);

        assertFalse(verdict.savedAndQuit());
        assertEquals("the application exited with status 0 and no request to save was waiting for it: its work is"
                + " done", verdict.rule());
    }

    @Test
    void statusZeroAfterTheSignalWithTheStateFileReplacedByRenameIsSavedAndQuit() throws IOException {
        RunningApp app = asked(app(Optional.empty()));
        replaceByRename("step 20\n");

        ExitVerdict verdict = ExitRules.judge(app, 0);

        assertTrue(verdict.savedAndQuit());
        assertTrue(verdict.askedByCrjob());
        assertEquals("the application exited with status 0 after crjob's SIGINT reached it and wrote restart.dat"
                + " since: it saved its state and quit", verdict.rule());
    }

    @Test
    void statusZeroAfterTheSignalWithTheStateFileRewrittenInPlaceWithTheSameSizeIsSavedAndQuit() throws IOException {
        RunningApp app = asked(app(Optional.empty()));
        Files.writeString(state, "step 11\n"); // same size, same inode

        assertTrue(ExitRules.judge(app, 0).savedAndQuit());
    }

    @Test
    void statusZeroAfterTheSignalWithTheStateFileUntouchedIsTheEndOfTheWork() {
        RunningApp app = asked(app(Optional.empty()));

        ExitVerdict verdict = ExitRules.judge(app, 0);

        assertFalse(verdict.savedAndQuit());
        assertTrue(verdict.rule().endsWith("but did not write restart.dat since: taken as finished"), verdict.rule());
    }

    @Test
    void statusZeroAfterTheApplicationSaidSavedAnotherWayIsTheEndOfTheWork() throws IOException {
        RunningApp app = asked(app(Optional.empty()));
        replaceByRename("step 20\n");
        app.confirm(); // crjob checkpoint-done: saved and went on; it finishes later

        assertFalse(ExitRules.judge(app, 0).savedAndQuit());
    }

    @Test
    void aSignalThatNeverReachedTheApplicationIsNoEvidence() throws IOException {
        RunningApp app = asked(app(Optional.empty()));
        app.signalFailed(); // ESRCH: it had exited already
        replaceByRename("step 20\n");

        assertFalse(ExitRules.judge(app, 0).savedAndQuit());
    }

    @Test
    void theDeclaredCheckpointExitCodeIsSavedAndQuitAskedOrNot() {
        ExitVerdict unasked = ExitRules.judge(app(Optional.of(85)), 85);
        ExitVerdict asked = ExitRules.judge(asked(app(Optional.of(85))), 85);

        assertTrue(unasked.savedAndQuit() && !unasked.askedByCrjob());
        assertTrue(asked.savedAndQuit() && asked.askedByCrjob());
        assertEquals("the application exited with status 85, its --checkpoint-exit-code: it saved its state and quit"
                + " when asked", asked.rule());
    }

    @Test
    void anyOtherStatusEndsTheWorkEvenAfterTheSignal() throws IOException {
        RunningApp app = asked(app(Optional.of(85)));
        replaceByRename("step 20\n");

        assertFalse(ExitRules.judge(app, 3).savedAndQuit());
        assertFalse(ExitRules.judge(app, 130).savedAndQuit());
    }

    @Test
    void theCheckpointExitCodeSettlesTheCheckpointUnderWayAsSaved() {
        RunningApp app = app(Optional.of(85));
        var confirmed = app.beginCheckpoint();

        app.exited(85, ExitRules.judge(app, 85));

        assertTrue(confirmed.isDone() && !confirmed.isCompletedExceptionally());
    }

    @Test
    void statusZeroAfterTheSignalIsSavedAndQuitWhenAStateDirectoryGotANewCheckpointAndFinishedWhenItDidNot()
            throws IOException {
        Path ckpt = Files.createDirectories(dir.resolve("ckpt"));
        Files.writeString(ckpt.resolve("model.pt"), "step 10");
        AppSpec spec = new AppSpec(List.of("./train.py"), List.of(ckpt), Signal.USR1, dir.resolve("done"),
                Duration.ofMinutes(5));
        RunningApp untouched = asked(new RunningApp(spec, 4242, Instant.now()));
        assertFalse(ExitRules.judge(untouched, 0).savedAndQuit(), "nothing in ckpt/ written since the signal");

        RunningApp saved = asked(new RunningApp(spec, 4243, Instant.now()));
        Files.writeString(ckpt.resolve("model.pt.tmp"), "step 20");
        Files.move(ckpt.resolve("model.pt.tmp"), ckpt.resolve("model.pt"), StandardCopyOption.ATOMIC_MOVE);

        assertTrue(ExitRules.judge(saved, 0).savedAndQuit());
    }
}
