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
     * Hard-link the file when the application replaced it by rename since this store last captured it (its inode
     * is another one: the generation shares no inode with a file being written), else as {@link #COPY}. For state
     * the application saves itself: a code that writes a temporary file and renames it is captured without a copy,
     * one that rewrites in place is copied. The first capture of a path in a run is a copy (nothing to compare).
     */
    LINK_IF_RENAMED,

    /**
     * A reflink where the file system has them ({@code cp --reflink=auto}), a plain copy otherwise: either way a
     * file of its own, which a write to the source does not change.
     */
    COPY
}
