package org.crjob.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Tells "saved and quit" from "finished" by evidence, never by timing. An exit means "saved, start me again" when
 * <ol>
 *   <li>its status is the application's declared {@code --checkpoint-exit-code} (HTCondor's rule), or</li>
 *   <li>it is status 0, crjob's save signal had reached the application and not been answered another way, and
 *       every declared state file was written after that signal.</li>
 * </ol>
 * Any other exit is the end of the work: its status is the application's last word.
 */
public final class ExitRules {
    private ExitRules() {
    }

    /** Judged as the launcher reports the exit, before that exit settles the checkpoint under way. */
    public static ExitVerdict judge(RunningApp app, int status) {
        boolean answering = app.answersCheckpoint();
        if (app.spec().checkpointExitCode().filter(code -> code == status).isPresent()) {
            return ExitVerdict.savedAndQuit(answering, "the application exited with status " + status + ", its"
                    + " --checkpoint-exit-code: it saved its state and quit" + (answering ? " when asked" : ""));
        }
        if (status != 0) {
            return ExitVerdict.finished("the application exited with status " + status);
        }
        if (!answering) {
            return ExitVerdict.finished("the application exited with status 0 and no request to save was waiting"
                    + " for it: its work is done");
        }
        String asked = "the application exited with status 0 after crjob's " + app.spec().saveRequest() + " reached it";
        List<Path> declared = app.stateFiles();
        if (declared.isEmpty()) {
            return ExitVerdict.finishedThoughAsked(asked + ", but it declared no --state files that would show it saved: taken"
                    + " as finished (declare them, or give --checkpoint-exit-code)");
        }
        List<Path> notWritten = app.signalledWith().notWrittenSince();
        if (!notWritten.isEmpty()) {
            return ExitVerdict.finishedThoughAsked(asked + ", but did not write " + names(notWritten) + " since: taken as"
                    + " finished");
        }
        return ExitVerdict.savedAndQuit(true, asked + " and wrote " + names(declared) + " since: it saved its state"
                + " and quit");
    }

    private static String names(List<Path> files) {
        return files.stream().map(f -> f.getFileName().toString()).collect(Collectors.joining(", "));
    }
}
