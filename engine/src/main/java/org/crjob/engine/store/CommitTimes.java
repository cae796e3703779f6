package org.crjob.engine.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.crjob.concurrent.Deadline;
import org.crjob.concurrent.Poll;

/**
 * Puts a commit's manifest in the staging directory once the file system's clock has moved past the modification
 * time recorded for every hard-linked file.
 *
 * <p>Why: a file whose hash is pending counts as unchanged while its size and time are the recorded ones. File
 * systems stamp writes with a clock that may advance in steps (a kernel tick of 1-10 ms, a second on some network
 * file systems), so an application that rewrote a linked file within the same step as its last write before the
 * commit would leave the time unchanged. Once the clock has passed the recorded time, every later write gets a
 * later time. The clock is read where it matters, from the file system itself: the staging directory's own time
 * after the manifest was renamed into it (same file system as the links, same clock). Copies need none of this:
 * only the store writes them.
 *
 * <p>Usually the clock has passed already and nothing waits. Otherwise the linked files are stamped again after
 * a short pause; if the clock still has not passed after {@link #PATIENCE} (a file time in the future, or a file
 * system with one-second times), those files are hashed now, as every commit did before hashing was deferred.
 */
final class CommitTimes {

    static final Duration PATIENCE = Duration.ofMillis(100);
    private static final Poll POLL = Poll.every(Duration.ofMillis(2));

    private CommitTimes() {
    }

    /** Writes {@code manifest} into {@code staging}, settled as above; returns what was finally written. */
    static Manifest settle(Path staging, Manifest manifest) throws IOException {
        Deadline deadline = POLL.deadline(PATIENCE);
        while (true) {
            manifest.writeDurably(staging);
            Instant clock = Files.getLastModifiedTime(staging).toInstant();
            List<StoredFile> ahead = manifest.files().stream()
                    .filter(f -> f.stored().equals(StoredFile.LINK) && !f.hashed() && !f.modified().isBefore(clock))
                    .toList();
            if (ahead.isEmpty()) {
                return manifest;
            }
            boolean patient = !deadline.passed();
            if (patient) {
                pause();
            }
            manifest = replace(manifest, ahead, staging, patient);
        }
    }

    /** The manifest with {@code files} stamped again (and fsynced: they may have been written since), or hashed. */
    private static Manifest replace(Manifest manifest, List<StoredFile> files, Path staging, boolean stampOnly)
            throws IOException {
        List<StoredFile> replaced = new ArrayList<>(manifest.files());
        for (StoredFile file : files) {
            Path stored = staging.resolve(file.name());
            FileStamp stamp = FileStamp.of(stored); // before the fsync, as in the commit
            DurableFiles.fsync(stored);
            StoredFile again = StoredFile.committed(file.name(), stamp, file.stored());
            if (!stampOnly) {
                DurableFiles.Content content = DurableFiles.hash(stored);
                again = new StoredFile(file.name(), content.size(), content.sha256(), file.stored(), stamp.modified());
            }
            replaced.set(replaced.indexOf(file), again);
        }
        return manifest.withFiles(replaced);
    }

    private static void pause() throws IOException {
        try {
            POLL.pause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the file system's clock");
        }
    }
}
