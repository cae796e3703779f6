package org.crjob.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import org.crjob.engine.coordinator.CoordinatorStatus;
import org.crjob.engine.coordinator.Messages;
import org.crjob.engine.protocol.CoordinatorClient;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.engine.protocol.CoordinatorServer;
import org.crjob.engine.jobfiles.StateFile;
import org.crjob.engine.protocol.Tokens;
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
        CoordinatorStatus status = new CoordinatorStatus("training", "signal", 1, Optional.of(2), true,
                Optional.empty(), 0, Optional.of(Instant.now()), Optional.empty(), 0, 0, dir.toString());
        String token = Tokens.newToken();
        try (CoordinatorServer server = new CoordinatorServer()) {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            int port = server.start(loopback, 0, token, request -> Messages.JSON.valueToTree(status), line -> { });
            Path stateFile = dir.resolve("coordinator.json");
            StateFile.write(stateFile, new CoordinatorInfo("training", loopback.getHostAddress(), port, 1, "signal",
                    token, dir, dir, Instant.now(), Instant.now()));
            CoordinatorClient client = CoordinatorClient.of(StateFile.read(stateFile));
            return Messages.JSON.treeToValue(client.call("status", Messages.JSON.createObjectNode(),
                    Duration.ofSeconds(10)), CoordinatorStatus.class);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
