package org.crjob.engine.jobs;

import java.time.Instant;
import org.crjob.engine.store.Generation;
import org.crjob.engine.store.StoredFile;

/**
 * The newest complete generation of a job's store.
 *
 * @param verified whether every file has its sha256 recorded (what a restart needs to use it without
 *                 {@code --trust-unverified}); the files are not re-read: {@code crjob checkpoints verify} does that
 */
public record LastCheckpoint(int generation, Instant created, long bytes, boolean verified) {

    static LastCheckpoint of(Generation newest) {
        boolean hashed = newest.files().stream().map(StoredFile::sha256).allMatch(sha -> sha != null);
        return new LastCheckpoint(newest.number(), newest.created(), newest.totalBytes(), hashed);
    }
}
