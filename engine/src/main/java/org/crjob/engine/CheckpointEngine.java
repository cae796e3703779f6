package org.crjob.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crjob.engine.store.Generation;
import org.crjob.engine.store.SnapshotRequest;

/**
 * A way of capturing a running application: the signal engine (the application saves itself when
 * asked) or DMTCP (the process is captured from outside).
 *
 * <p>The coordinator uses {@link #capture} and {@link #stateFiles}; {@code crjob launch} and
 * {@code crjob restart} use {@link #launchCommand}, {@link #restartCommand}, {@link #environment} and
 * {@link #engineFailure}, whose defaults run the application's own command as it is.
 */
public interface CheckpointEngine extends AutoCloseable {

    /** The name users choose it by and manifests record, e.g. {@code signal}. */
    String name();

    /**
     * Has the application's checkpoint written and returns the files to store.
     *
     * @throws CheckpointFailedException saying why, when no complete checkpoint was written
     */
    SnapshotRequest capture(RunningApp app);

    /**
     * As {@link #capture}, for a checkpoint after which the application is stopped (the last one of a run). An
     * engine that can stop the application as part of the checkpoint does (DMTCP's {@code -kc}), so that it does no
     * work after it that a restart would do again. By default {@link #capture}; the caller stops it afterwards.
     */
    default SnapshotRequest captureAndStop(RunningApp app) {
        return capture(app);
    }

    /** The state files a restart puts back, by the names they were stored under. */
    List<StateFile> stateFiles(RunningApp app);

    /** What {@code crjob launch} runs for the application's {@code command}. */
    default List<String> launchCommand(List<String> command) {
        return command;
    }

    /**
     * What {@code crjob restart} runs once {@code generation}'s files are back in place; empty to run the
     * application's command again (it reads its own state files).
     */
    default Optional<List<String>> restartCommand(Generation generation) {
        return Optional.empty();
    }

    /** Variables the launched or restarted command needs besides crjob's own. */
    default Map<String, String> environment() {
        return Map.of();
    }

    /**
     * Called just before {@link #restartCommand} runs in {@code workDir} with {@code env} (the whole environment it
     * gets). DMTCP writes the variables a program launched with {@code --modify-env} is to see anew; nothing by
     * default.
     */
    default void beforeRestart(Path workDir, Map<String, String> env) {
    }

    /**
     * Once the application launched or restarted with this engine's {@link #launchCommand} or {@link #restartCommand}
     * has ended with {@code status}: why, for the job's log, when the engine ended it rather than the application
     * itself. That is the engine failing (DMTCP's {@code DMTCP_FAIL_RC}: its coordinator killed, the program it
     * could not run), or the engine ending the computation on someone else's order (DMTCP's coordinator on
     * {@code dmtcp_command -k} or {@code -q}, which gives the processes status 0). Such an end is never the
     * application's finish: {@code crjob run} requeues the job when this run stored a checkpoint and fails it
     * otherwise, and {@code crjob launch}/{@code restart} exit with a status of their own. An end crjob ordered
     * itself (its last checkpoint's {@code -kc}, its quit of the coordinator) is not reported here.
     */
    default Optional<String> engineFailure(int status) {
        return Optional.empty();
    }

    /**
     * True when the application saves its own state when asked (so it may also save and quit); false when the
     * engine captures the process from outside (DMTCP), which never asks it to quit but at the job's last checkpoint.
     */
    default boolean applicationSavesItself() {
        return true;
    }

    /**
     * True when the engine can checkpoint programs nobody registered with {@code crjob launch}: DMTCP captures
     * whatever runs under the job's {@code dmtcp_coordinator}, including a program a NERSC-style job script
     * started with its own {@code dmtcp_launch} or {@code ./dmtcp_restart_script.sh}.
     */
    default boolean capturesUnregistered() {
        return false;
    }

    /** Releases what the engine started (the DMTCP coordinator); nothing by default. */
    @Override
    default void close() {
    }

    /** A file the application keeps its state in, and its name inside a checkpoint generation. */
    record StateFile(String name, Path path) { }
}
