package org.crjob.engine.store;

/** How a file gets into a generation. */
public enum CaptureMode {

    /**
     * Hard-link the file when the store is on the same file system, copy it otherwise. Safe only for
     * files nobody rewrites in place after the checkpoint, such as DMTCP images (written fresh, then
     * renamed, at every checkpoint): a link shares the inode, so an in-place write would change the
     * stored generation too (verification would catch it, but the generation would be lost).
     */
    LINK_OR_COPY,

    /**
     * Always copy. For state files the application rewrites in place, as the signal engine's
     * applications do.
     */
    COPY
}
