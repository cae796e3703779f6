package org.crjob.engine.coordinator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crjob.failure.UnexpectedStateException;

/** The coordinator did not come up; the message carries the end of its log, where the reason is. */
public class CoordinatorStartException extends UnexpectedStateException {
    public CoordinatorStartException(String what, Path log) {
        super(what + "; its log " + log + " ends with:\n" + tail(log, 15));
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read it: " + e.getMessage() + ")";
        }
    }
}
