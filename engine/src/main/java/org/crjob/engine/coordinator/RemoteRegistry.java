package org.crjob.engine.coordinator;

import java.time.Duration;
import org.crjob.engine.launch.AppRegistry;
import org.crjob.engine.protocol.CoordinatorClient;
import org.crjob.engine.protocol.CoordinatorException;

/** Announces a launched application to a coordinator in another process. */
public final class RemoteRegistry implements AppRegistry {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private final CoordinatorClient client;

    public RemoteRegistry(CoordinatorClient client) {
        this.client = client;
    }

    @Override
    public void register(AppSpec spec, int pid) {
        client.call("register", Messages.toJson(Messages.Register.of(spec, pid)), CALL_TIMEOUT);
    }

    @Override
    public void exited(int pid, int status) {
        try {
            client.call("exited", Messages.toJson(new Messages.Exited(pid, status)), CALL_TIMEOUT);
        } catch (CoordinatorException e) {
            // The coordinator may be gone already (quit, or the job is ending): the exit status still
            // reaches the script through our own exit code.
        }
    }
}
