package org.crjob.engine.launch;

import java.nio.file.Path;
import org.crjob.failure.UnexpectedStateException;

/** A restart found nothing to restart from. */
public class NoCheckpointException extends UnexpectedStateException {
    public NoCheckpointException(Path ckptDir, int damaged) {
        super(damaged == 0
                ? "no checkpoint to restart from in " + ckptDir.toAbsolutePath() + ": launch the application first "
                        + "(crjob launch), or point --ckpt-dir at the directory its checkpoints went to"
                : "none of the " + damaged + " checkpoints in " + ckptDir.toAbsolutePath() + " verifies; "
                        + "'crjob checkpoints verify' shows what is wrong with each");
    }
}
