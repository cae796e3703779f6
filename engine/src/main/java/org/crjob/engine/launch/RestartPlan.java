package org.crjob.engine.launch;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.crjob.engine.coordinator.RestartInfo;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.engine.store.Generation;
import org.crjob.engine.store.StoreReader;

/**
 * What {@code crjob restart} does before relaunching: pick the newest complete generation that verifies
 * (an older one when the newest is damaged, with a warning), put its state files back where the
 * application keeps them, and say which command to run and with which environment.
 */
public record RestartPlan(Generation generation, List<String> command, Map<String, String> env) {

    public static final String ENV_RESTART_COUNT = "CRJOB_RESTART_COUNT";
    public static final String ENV_GENERATION = "CRJOB_GENERATION";
    public static final String ENV_CKPT_DIR = "CRJOB_CKPT_DIR";

    /**
     * @param command   the command to run, or empty to run the one the generation recorded
     * @param restarts  how many times the work has restarted so far, this one included
     * @throws NoCheckpointException when the directory holds no generation that verifies
     */
    public static RestartPlan prepare(Path ckptDir, List<String> command, int restarts, Consumer<String> warnings) {
        StoreReader store = CheckpointStore.read(ckptDir);
        Optional<Generation> newest = store.newestVerified(warnings);
        if (newest.isEmpty()) {
            throw new NoCheckpointException(ckptDir, store.generations().size());
        }
        Generation generation = newest.get();
        RestartInfo info = RestartInfo.of(generation);
        store.restore(generation, info.targets());
        List<String> argv = command.isEmpty() ? info.command() : command;
        Map<String, String> env = Map.of(
                ENV_RESTART_COUNT, Integer.toString(restarts),
                ENV_GENERATION, Integer.toString(generation.number()),
                ENV_CKPT_DIR, store.dir().toString());
        return new RestartPlan(generation, argv, env);
    }
}
