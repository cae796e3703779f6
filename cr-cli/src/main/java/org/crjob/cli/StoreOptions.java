package org.crjob.cli;

import java.nio.file.Path;
import org.crjob.engine.store.CheckpointStore;
import picocli.CommandLine.Option;

/** Where checkpoint generations go and how many are kept: for run and start-coordinator. */
final class StoreOptions {
    @Option(names = "--ckpt-dir", paramLabel = "DIR",
            description = "Where checkpoint generations are kept. Default: ./crjob.ckpt; for crjob run"
                    + " ./crjob.ckpt/JOBID (ARRAYJOBID_TASK in a job array), a store of its own for each job.")
    Path ckptDir;

    /** The directory given, or ./crjob.ckpt. */
    Path ckptDir() {
        return ckptDir != null ? ckptDir : CheckpointStore.DEFAULT_DIR;
    }

    @Option(names = "--keep", paramLabel = "N", defaultValue = "" + CheckpointStore.DEFAULT_KEEP,
            converter = Bounded.Keep.class,
            description = "How many checkpoint generations to keep. Default: ${DEFAULT-VALUE}.")
    int keep;
}
