package org.crjob.engine.store;

/** A restore found a stored file that is not what its manifest says (or cannot be read): nothing was restored. */
public final class GenerationMismatchException extends CheckpointStoreException {

    private final String reason;

    GenerationMismatchException(Generation generation, String reason) {
        super("generation " + generation.number() + ": " + reason.replaceFirst(": ", " does not match its manifest (")
                + "), so nothing was restored; restore from an older generation (crjob checkpoints verify shows which"
                + " are good)");
        this.reason = reason;
    }

    /** Which file, and what is wrong with it, e.g. {@code state.dat: sha256 differs from the manifest}. */
    public String reason() {
        return reason;
    }
}
