package org.crjob.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** Writes small sbatch scripts for the tests into their own directory. */
final class BatchScripts {
    private BatchScripts() {
    }

    static Path write(Path dir, String name, String body) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/bash\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    /** The numbers examples/counting/count.sh has written to {@code dir/count.txt}, in order. */
    static List<Integer> counted(Path dir) {
        return read(dir.resolve("count.txt")).lines().filter(l -> !l.isBlank()).map(Integer::parseInt).toList();
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * An example's job script made to checkpoint at Slurm's warning signal ({@code --checkpoint-at signal}): the real
     * applications' tests size their work to need at least two requeues when each run ends at the signal; at crjob's
     * own deadline (the default) a run works on up to a minute longer, and the second one finished the work.
     * CheckpointAtDeadlineE2ETest is the deadline's test.
     */
    static Path checkpointingAtTheSignal(Path script) throws IOException {
        String text = Files.readString(script);
        if (!text.contains("exec crjob run ")) {
            throw new IllegalStateException(script + " has no 'exec crjob run ' line to add --checkpoint-at to");
        }
        Files.writeString(script, text.replace("exec crjob run ", "exec crjob run --checkpoint-at signal "));
        return script;
    }
}
