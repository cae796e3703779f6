package org.crjob.engine.signal;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import org.crjob.engine.AppSpec;
import org.crjob.engine.StopFile;
import org.crjob.failure.UnexpectedStateException;

/**
 * A stop file is there as the application is about to start, and crjob did not create it (crjob removes its own once
 * the application has saved): the application would stop at once, and its next exit could be taken for the end of
 * its work. crjob never removes a file it cannot prove is its own.
 */
public final class StaleStopFileException extends UnexpectedStateException {
    public StaleStopFileException(StopFile stopFile) {
        super("the " + stopFile.describe() + " is present and crjob did not create it: the application would stop on"
                + " it at once, so it is not started. Remove it (rm " + stopFile.path() + ") and start again");
    }

    /** Refuses to start the application of {@code spec} while its stop file is there. */
    public static void refuseIfPresent(AppSpec spec) {
        for (StopFile stopFile : spec.stopFile().stream().toList()) {
            if (Files.exists(stopFile.path(), LinkOption.NOFOLLOW_LINKS)) {
                throw new StaleStopFileException(stopFile);
            }
        }
    }
}
