package org.crjob.engine.launch;

import java.time.Duration;
import org.crjob.engine.AppSpec;
import org.crjob.engine.ExitVerdict;
import org.crjob.engine.coordinator.CoordinatorCommands;
import org.crjob.engine.coordinator.JobEndingException;
import org.crjob.engine.coordinator.Messages;
import org.crjob.engine.protocol.CoordinatorClient;
import org.crjob.engine.protocol.CoordinatorException;
import org.crjob.engine.protocol.CoordinatorReplyException;

/** Announces a launched application to a coordinator in another process. */
public final class RemoteRegistry implements AppRegistry {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** Beyond the checkpoint's own time: the reply to an exit that saved and quit waits until that is stored. */
    private static final Duration STORE_TIME = Duration.ofMinutes(10);
    private final CoordinatorClient client;
    private volatile Duration exitedTimeout = CALL_TIMEOUT.plus(STORE_TIME);

    public RemoteRegistry(CoordinatorClient client) {
        this.client = client;
    }

    @Override
    public void register(AppSpec spec, int pid) {
        exitedTimeout = spec.checkpointTimeout().plus(STORE_TIME);
        try {
            client.call("register", Messages.toJson(Messages.Register.of(spec, pid)), CALL_TIMEOUT);
        } catch (CoordinatorReplyException e) {
            if (CoordinatorCommands.ENDING.equals(e.code())) {
                throw new JobEndingException(e.getMessage());
            }
            throw e;
        }
    }

    @Override
    public ExitVerdict exited(int pid, int status) {
        try {
            return Messages.fromJson(client.call("exited", Messages.toJson(new Messages.Exited(pid, status)),
                    exitedTimeout), ExitVerdict.class);
        } catch (CoordinatorException e) {
            // The coordinator may be gone already (quit, or the job is ending): the exit status still
            // reaches the script through our own exit code.
            return ExitVerdict.finished("the application exited with status " + status + " (its coordinator could"
                    + " not be told: " + e.getMessage() + ")");
        }
    }
}
