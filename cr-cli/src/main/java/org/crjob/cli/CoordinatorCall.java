package org.crjob.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Optional;
import org.crjob.engine.CheckpointFailedException;
import org.crjob.engine.coordinator.CoordinatorCommands;
import org.crjob.engine.coordinator.Messages;
import org.crjob.engine.coordinator.RequestRefusedException;
import org.crjob.engine.protocol.CoordinatorReplyException;
import org.crjob.engine.protocol.CoordinatorInfo;

/** One request to a job's coordinator, found with --job or from the job's own environment. */
final class CoordinatorCall {
    private CoordinatorCall() {
    }

    static JsonNode call(Optional<String> job, String command, ObjectNode args, Duration timeout) {
        CoordinatorInfo info = Coordinators.locate(job);
        try {
            return Coordinators.client(info).call(command, args == null ? Messages.JSON.createObjectNode() : args,
                    timeout);
        } catch (CoordinatorReplyException e) {
            throw asLocalError(e);
        }
    }

    /** The coordinator's refusals as the exceptions they are in-process, so they get the same exit codes. */
    private static RuntimeException asLocalError(CoordinatorReplyException e) {
        return switch (e.code()) {
            case CoordinatorCommands.CHECKPOINT_FAILED -> new CheckpointFailedException(e.getMessage());
            case CoordinatorCommands.REFUSED -> new RequestRefusedException(e.getMessage());
            case CoordinatorCommands.INVALID -> new IllegalArgumentException(e.getMessage());
            default -> e;
        };
    }

    static <T> T call(Optional<String> job, String command, ObjectNode args, Duration timeout, Class<T> reply) {
        return Messages.fromJson(call(job, command, args, timeout), reply);
    }
}
