package org.crjob.engine.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.crjob.engine.CheckpointFailedException;
import org.crjob.engine.protocol.CommandTable;
import org.crjob.engine.protocol.Request;
import org.crjob.engine.protocol.RequestFailedException;
import org.crjob.engine.protocol.RequestHandler;
import org.crjob.failure.InvalidValueException;

/** The coordinator's commands on the wire: each one call into {@link Coordinator}, errors as reply codes. */
public final class CoordinatorCommands {
    public static final String CHECKPOINT_FAILED = "checkpoint-failed";
    public static final String REFUSED = "refused";
    /** The job is ending: nothing new is started ({@link JobEndingException}). */
    public static final String ENDING = "ending";
    public static final String INVALID = "invalid";

    private CoordinatorCommands() {
    }

    public static RequestHandler table(Coordinator coordinator) {
        return new CommandTable()
                .on("status", guarded(r -> Messages.toJson(coordinator.status())))
                .on("checkpoint", guarded(r -> Messages.toJson(
                        coordinator.checkpoint(r.args().path("reason").asText("request")))))
                .on("checkpoint-done", guarded(r -> {
                    coordinator.confirmCheckpoint();
                    return null;
                }))
                .on("interval", guarded(r -> {
                    JsonNode seconds = r.args().get("seconds");
                    if (seconds == null || !seconds.canConvertToLong()) {
                        throw new InvalidValueException("interval needs whole seconds, e.g. {\"seconds\": 600}");
                    }
                    coordinator.setInterval(Duration.ofSeconds(seconds.asLong()));
                    return Messages.toJson(coordinator.status());
                }))
                .on("register", guarded(r -> {
                    Messages.Register register = Messages.fromJson(r.args(), Messages.Register.class);
                    coordinator.register(register.spec(), register.pid());
                    return null;
                }))
                .on("exited", guarded(r -> {
                    Messages.Exited exited = Messages.fromJson(r.args(), Messages.Exited.class);
                    return Messages.toJson(coordinator.exited(exited.pid(), exited.status()));
                }))
                .on("quit", guarded(r -> {
                    coordinator.quit();
                    return null;
                }))
                .on("kill", guarded(r -> {
                    coordinator.kill();
                    return null;
                }));
    }

    /** A command body whose expected failures become reply codes the client can act on. */
    private interface Body {
        JsonNode run(Request request);
    }

    private static RequestHandler guarded(Body body) {
        return request -> {
            try {
                return body.run(request);
            } catch (CheckpointFailedException e) {
                throw new RequestFailedException(CHECKPOINT_FAILED, e.getMessage());
            } catch (JobEndingException e) {
                throw new RequestFailedException(ENDING, e.getMessage());
            } catch (RequestRefusedException e) {
                throw new RequestFailedException(REFUSED, e.getMessage());
            } catch (InvalidValueException e) {
                throw new RequestFailedException(INVALID, e.getMessage());
            }
        };
    }
}
