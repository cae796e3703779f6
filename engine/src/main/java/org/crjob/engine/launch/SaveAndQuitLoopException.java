package org.crjob.engine.launch;

import java.util.Optional;
import org.crjob.failure.CrjobException;

/**
 * The application quits with its checkpoint exit code after every start, unasked, without writing its state files:
 * restarting it again would loop without progress.
 */
public final class SaveAndQuitLoopException extends CrjobException {
    public SaveAndQuitLoopException(int status, int times, Optional<Integer> newest) {
        super(Kind.FAILED, "the application exited with status " + status + " (its --checkpoint-exit-code) after each"
                + " of its last " + times + " starts without crjob asking it to save and without writing any of its"
                + " --state files: it"
                + " makes no progress, so it is not started again" + newest.map(g -> " (its newest checkpoint,"
                + " generation " + g + ", is kept)").orElse("") + ". Check that it reads the restart files crjob puts"
                + " back, and exits with that status only after saving new progress");
    }
}
