package org.crjob.engine.store;

import java.io.IOException;
import java.nio.file.Path;
import org.crjob.joblog.JobLog;

/**
 * What the store does with what its background hasher found: adds the hashes to the generation's manifest and
 * warns about files changed since the commit. Called by {@link CheckpointStore} under its monitor while it is open.
 */
final class HashRecords {

    private HashRecords() {
    }

    /**
     * Records {@code outcome}, unless its generation was pruned or replaced meanwhile (then nothing is said: it is
     * gone on purpose, and nothing is written where it was). Never throws: it runs on the hasher's thread.
     */
    static void record(GenerationHasher.Outcome outcome, JobLog log, Path storeDir) {
        Generation hashed = outcome.generation();
        if (!stillInPlace(hashed)) {
            return;
        }
        String later = "; no other can be recorded for it (nothing ties what is in " + storeDir + " to the capture"
                + " once this run lets go of it), so generation " + hashed.number() + " stays unverified and a restart"
                + " uses an older one unless given --trust-unverified";
        outcome.changed().forEach((name, what) -> log.warning(changedAfterCommit(hashed, name, what)));
        outcome.unreadable().forEach((name, why) -> log.warning("generation " + hashed.number() + ": cannot hash "
                + name + ": " + why + later));
        if (outcome.hashed().isEmpty()) {
            return;
        }
        try {
            hashed.manifest().withHashes(outcome.hashed(), outcome.seconds()).writeDurably(hashed.dir());
        } catch (IOException | RuntimeException e) {
            String why = e instanceof IOException io ? DurableFiles.describe(io) : e.getMessage();
            log.warning("generation " + hashed.number() + " is stored, but recording its sha256 failed: " + why
                    + later);
        }
    }

    /** Whether the generation's manifest is still the one that was hashed: not pruned, not replaced. */
    private static boolean stillInPlace(Generation generation) {
        try {
            return Manifest.read(generation.dir().resolve(Manifest.FILE_NAME)).equals(generation.manifest());
        } catch (IOException goneOrUnreadable) {
            return false;
        }
    }

    private static String changedAfterCommit(Generation generation, String name, String what) {
        boolean linked = generation.files().stream()
                .anyMatch(f -> f.name().equals(name) && f.stored().equals(StoredFile.LINK));
        return "generation " + generation.number() + " no longer counts: " + name + " changed after it was stored ("
                + what + "), so a restart uses an older generation; " + (linked
                        ? name + " is a hard link to the application's file, which was rewritten in place: have the"
                                + " application write a new file and rename it over the old one, or store this file"
                                + " by copy (CaptureMode.COPY)"
                        : "something rewrote the stored copy in " + generation.dir());
    }
}
