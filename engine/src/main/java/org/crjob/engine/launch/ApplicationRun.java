package org.crjob.engine.launch;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crjob.engine.AppSpec;
import org.crjob.engine.ExitVerdict;
import org.crjob.engine.StateStamps;
import org.crjob.engine.coordinator.JobEndingException;
import org.crjob.engine.signal.StaleStopFileException;
import org.crjob.joblog.JobLog;

/**
 * Runs the application until its work ends. An application that answers a checkpoint by saving and quitting is
 * not done: once what it saved is stored, it is restored and started again at once, in this allocation, as often
 * as that happens. Used by {@code crjob run}, {@code launch} and {@code restart}.
 */
public final class ApplicationRun {
    /** Unasked save-and-quit exits in a row that wrote none of the state files, before crjob gives up. */
    static final int MAX_IDLE_EXITS = 3;

    /**
     * One start of the application.
     *
     * @param generation the checkpoint generation it starts from; empty for a first launch
     */
    public record Start(AppSpec spec, List<String> argv, Map<String, String> env, Path workDir,
                        Optional<Integer> generation) { }

    /** Restores the newest checkpoint and says how to start the application on it. */
    public interface Restarts {
        Start next();
    }

    private final AppLauncher launcher;
    private final Restarts restarts;
    private final JobLog log;

    public ApplicationRun(AppLauncher launcher, Restarts restarts, JobLog log) {
        this.launcher = launcher;
        this.restarts = restarts;
        this.log = log;
    }

    /** @return the exit status of the application's last start: the one that ended its work, or the job */
    public int run(Start first) {
        Start start = first;
        int idleExits = 0;
        int inPlace = 0;
        int lastStatus = 0;
        while (true) {
            StateStamps atStart = StateStamps.of(start.spec().stateFiles());
            StaleStopFileException.refuseIfPresent(start.spec()); // crjob removed its own once the application saved
            AppExit exit;
            try {
                exit = launcher.launch(start.spec(), start.argv(), start.env(), start.workDir());
            } catch (JobEndingException e) {
                if (inPlace == 0) {
                    throw e;
                }
                log.event("the application is not started again: " + e.getMessage());
                return lastStatus;
            }
            lastStatus = exit.status();
            ExitVerdict verdict = exit.verdict();
            if (verdict.savedAndQuit() || verdict.askedByCrjob()) { // where a rule had to tell the two apart
                log.event(verdict.rule() + (verdict.savedAndQuit() && !verdict.restart()
                        ? "; the job is ending, so it is not started again" : ""));
            }
            if (!verdict.restart()) {
                return exit.status();
            }
            // evidence, not timing: an exit crjob did not ask for, after which no state file is new, saved no progress
            boolean idle = !verdict.askedByCrjob()
                    && atStart.notWrittenSince().size() == start.spec().stateFiles().size();
            idleExits = idle ? idleExits + 1 : 0;
            if (idleExits >= MAX_IDLE_EXITS) {
                throw new SaveAndQuitLoopException(exit.status(), MAX_IDLE_EXITS, verdict.generation());
            }
            inPlace++;
            start = restarts.next();
            log.event("restarting the application in this allocation from checkpoint generation "
                    + start.generation().map(String::valueOf).orElse("?") + " (restart " + inPlace + " in place)");
        }
    }
}
