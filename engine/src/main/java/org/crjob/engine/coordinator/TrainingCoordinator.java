package org.crjob.engine.coordinator;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.crjob.engine.EngineKind;
import org.crjob.engine.jobfiles.StateFile;
import org.crjob.engine.protocol.CoordinatorClient;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.engine.protocol.CoordinatorServer;
import org.crjob.engine.protocol.Tokens;
import org.crjob.joblog.JobLog;

/**
 * For the training run of bin/crjob's class-data sharing archive: a status request to a coordinator server on the
 * loopback, through its state file, the wire format and JSON both ways, as {@code crjob status} makes one. Here in
 * the engine, so that the CLI needs none of the coordinator's internals (its server, its tokens).
 */
public final class TrainingCoordinator {

    private TrainingCoordinator() {
    }

    /** {@code status} as it comes back from a server in this process that answers with it; files go to {@code dir}. */
    public static CoordinatorStatus statusThroughLoopback(Path dir, CoordinatorStatus status) throws IOException {
        String token = Tokens.newToken();
        try (CoordinatorServer server = new CoordinatorServer()) {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            int port = server.start(loopback, 0, token, request -> Messages.JSON.valueToTree(status),
                    JobLog.silent());
            Path stateFile = dir.resolve("coordinator.json");
            StateFile.write(stateFile, new CoordinatorInfo("training", loopback.getHostAddress(), port, 1,
                    EngineKind.SIGNAL.id(), token, dir, dir, Instant.now(), Instant.now()));
            CoordinatorClient client = CoordinatorClient.of(StateFile.read(stateFile));
            return Messages.JSON.treeToValue(client.call("status", Messages.JSON.createObjectNode(),
                    Duration.ofSeconds(10)), CoordinatorStatus.class);
        }
    }
}
