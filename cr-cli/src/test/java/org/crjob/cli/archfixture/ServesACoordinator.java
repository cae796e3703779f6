package org.crjob.cli.archfixture;

import org.crjob.engine.protocol.CoordinatorServer;
import org.crjob.engine.protocol.Tokens;

/** Breaks the entry-point rule: a command that makes a token and runs the coordinator's server itself. */
public final class ServesACoordinator {
    public CoordinatorServer serve() {
        Tokens.newToken();
        return new CoordinatorServer();
    }
}
