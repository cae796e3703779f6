package org.crjob.engine;

import java.util.List;
import org.crjob.engine.coordinator.RunningApp;
import org.crjob.engine.store.SnapshotRequest;

/**
 * A way of capturing a running application: the signal engine (the application saves itself when
 * asked) or DMTCP (the process is captured from outside).
 */
public interface CheckpointEngine {

    /** The name users choose it by and manifests record, e.g. {@code signal}. */
    String name();

    /**
     * Has the application's checkpoint written and returns the files to store.
     *
     * @throws CheckpointFailedException saying why, when no complete checkpoint was written
     */
    SnapshotRequest capture(RunningApp app);

    /** The state files a restart puts back, by the names they were stored under. */
    List<StateFile> stateFiles(RunningApp app);

    /** A file the application keeps its state in, and its name inside a checkpoint generation. */
    record StateFile(String name, java.nio.file.Path path) { }
}
