package org.crjob.engine.store;

import java.nio.file.Path;

/** Another job (or another store object in this process) already writes this checkpoint directory. */
public class StoreLockedException extends CheckpointStoreException {

    private final transient Path dir;
    private final String holder;

    public StoreLockedException(Path dir, String holder) {
        super(Kind.UNEXPECTED_STATE, "checkpoint directory " + dir + " is in use by " + holder
                + ": two jobs must not write one checkpoint directory; give each job its own --ckpt-dir,"
                + " or wait until that one ends");
        this.dir = dir;
        this.holder = holder;
    }

    public Path dir() {
        return dir;
    }

    /** Who holds the lock, as its lock file names it. */
    public String holder() {
        return holder;
    }
}
