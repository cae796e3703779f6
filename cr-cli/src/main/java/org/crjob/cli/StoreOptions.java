package org.crjob.cli;

import java.nio.file.Path;
import org.crjob.engine.store.CheckpointStore;
import picocli.CommandLine.Option;

/** Where checkpoint generations go and how many are kept: for run and start-coordinator. */
final class StoreOptions {
    @Option(names = "--ckpt-dir", paramLabel = "DIR", defaultValue = "crjob.ckpt",
            description = "Where checkpoint generations are kept. Default: ./${DEFAULT-VALUE}.")
    Path ckptDir;

    @Option(names = "--keep", paramLabel = "N", defaultValue = "" + CheckpointStore.DEFAULT_KEEP,
            description = "How many checkpoint generations to keep. Default: ${DEFAULT-VALUE}.")
    int keep;
}
