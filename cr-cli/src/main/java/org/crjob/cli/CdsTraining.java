package org.crjob.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import org.crjob.engine.EngineKind;
import org.crjob.engine.coordinator.CoordinatorStatus;
import org.crjob.engine.coordinator.TrainingCoordinator;
import org.crjob.process.Command;
import org.crjob.process.ExecCommandRunner;

/**
 * The training run of bin/crjob's class-data sharing archive: the JVM that runs this (with
 * {@code -XX:ArchiveClassesAtExit}) archives every class it loaded, so it goes through what crjob's
 * commands load, with nothing outside this process touched: every subcommand's options (help), a
 * command that runs a process (as Slurm commands are run), and a status request to a coordinator on the
 * loopback through its state file, the wire format and JSON both ways.
 */
public final class CdsTraining {

    private CdsTraining() {
    }

    public static void main(String... args) throws Exception {
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        Main.execute(Main.commandLine(nowhere, nowhere), "--help");
        Main.run(nowhere, nowhere, "time", "--seconds", "2-12");
        new ExecCommandRunner().run(Command.of("true").withTimeout(Duration.ofSeconds(10)));
        Path dir = Files.createTempDirectory("crjob-cds-training");
        try {
            nowhere.println(JsonMixin.toJson(statusThroughACoordinator(dir)));
        } finally {
            deleteTree(dir);
        }
        System.exit(0);
    }

    private static CoordinatorStatus statusThroughACoordinator(Path dir) throws IOException {
        CoordinatorStatus status = new CoordinatorStatus("training", EngineKind.SIGNAL.id(), 1, Optional.of(2), true,
                Optional.empty(), 0, Optional.of(Instant.now()), Optional.empty(), 0, 0, dir.toString());
        return TrainingCoordinator.statusThroughLoopback(dir, status);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
