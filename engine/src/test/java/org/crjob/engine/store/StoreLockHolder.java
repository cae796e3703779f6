package org.crjob.engine.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.crjob.joblog.JobLog;

/**
 * Run in a child JVM by {@link CheckpointStoreLockTest}, to be a second process.
 * {@code hold DIR OWNER READY}: opens the store, creates READY, holds the store until stdin closes.
 * {@code probe DIR OWNER}: tries to open the store and prints {@code acquired DIR} or {@code refused: <message>}.
 */
final class StoreLockHolder {

    private StoreLockHolder() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[1]);
        String owner = args[2];
        if (args[0].equals("hold")) {
            try (CheckpointStore store = CheckpointStore.open(dir, owner, JobLog.silent())) {
                Files.writeString(Path.of(args[3]), "holding " + store.dir());
                while (System.in.read() >= 0) {
                    // held until the parent closes our stdin
                }
            }
        } else {
            try (CheckpointStore store = CheckpointStore.open(dir, owner, JobLog.silent())) {
                System.out.println("acquired " + store.dir());
            } catch (StoreLockedException e) {
                System.out.println("refused: " + e.getMessage());
            }
        }
    }
}
