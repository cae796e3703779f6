package org.crjob.engine.launch;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crjob.engine.EngineKind;
import org.crjob.engine.RestartInfo;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.engine.store.Generation;
import org.crjob.engine.store.Restoration;
import org.crjob.engine.store.StoreReader;
import org.crjob.joblog.JobLog;

/**
 * What a restart does before relaunching: restore the newest complete generation that passes its check (an older
 * one when the newest is damaged or unverified, with a warning), its state files put back where this run keeps
 * them, and say which command to run and with which environment.
 */
public record RestartPlan(Restoration restoration, List<String> command, Map<String, String> env) {

    public static final String ENV_RESTART_COUNT = "CRJOB_RESTART_COUNT";
    public static final String ENV_GENERATION = "CRJOB_GENERATION";
    public static final String ENV_CKPT_DIR = "CRJOB_CKPT_DIR";

    /**
     * What this run says about its restart.
     *
     * @param command         this run's command; empty only for {@code crjob restart} given none (the command the
     *                        generation recorded then runs)
     * @param stateFiles      this run's {@code --state} paths, relative ones in {@code workDir}: a signal engine
     *                        generation's files go there, matched by name; without any, where the generation says
     * @param workDir         the job's working directory
     * @param trustUnverified restore a generation without a sha256 for every file rather than fall back past it
     */
    public record Request(Path ckptDir, List<String> command, List<Path> stateFiles, Path workDir,
                          boolean trustUnverified) {
        public Request {
            command = List.copyOf(command);
            stateFiles = stateFiles.stream().map(p -> workDir.resolve(p).normalize()).toList();
        }
    }

    /**
     * @param restarts  how many times the work has restarted so far, this one included
     * @throws NoCheckpointException when the directory holds no generation that passes
     */
    public static RestartPlan prepare(Request request, int restarts, JobLog log) {
        StoreReader store = CheckpointStore.read(request.ckptDir());
        Optional<Restoration> restored = store.restoreNewestReporting(g -> targets(g, request),
                request.trustUnverified(), log);
        if (restored.isEmpty()) {
            throw new NoCheckpointException(request.ckptDir(), store.generations().size());
        }
        Generation generation = restored.get().generation();
        if (EngineKind.SIGNAL.is(generation.engine())) {
            StateTrees.setAsideExtras(generation, roots(generation, request), log);
        }
        List<String> argv = request.command().isEmpty() ? RestartInfo.of(generation).command() : request.command();
        Map<String, String> env = Map.of(
                ENV_RESTART_COUNT, Integer.toString(restarts),
                ENV_GENERATION, Integer.toString(generation.number()),
                ENV_CKPT_DIR, store.dir().toString());
        return new RestartPlan(restored.get(), argv, env);
    }

    /** The generation restored. */
    public Generation generation() {
        return restoration.generation();
    }

    /**
     * As {@link #prepare(Request, int, JobLog)} without state files of this run: the files go where the generation
     * recorded them (DMTCP's images, where its restart script names them).
     *
     * @param command the command to run, or empty to run the one the generation recorded
     */
    public static RestartPlan prepare(Path ckptDir, List<String> command, int restarts, JobLog log) {
        return prepare(new Request(ckptDir, command, List.of(), Path.of("").toAbsolutePath(), false), restarts,
                log);
    }

    /** Where {@code generation}'s files go: this run's state files for the signal engine, else where it says. */
    private static Map<String, Path> targets(Generation generation, Request request) {
        return StateFileTargets.expand(generation, roots(generation, request));
    }

    /** Each stored state's name with the path it goes to. */
    private static Map<String, Path> roots(Generation generation, Request request) {
        if (EngineKind.SIGNAL.is(generation.engine()) && !request.stateFiles().isEmpty()) {
            return StateFileTargets.roots(generation, request.stateFiles());
        }
        return RestartInfo.of(generation).targets();
    }
}
