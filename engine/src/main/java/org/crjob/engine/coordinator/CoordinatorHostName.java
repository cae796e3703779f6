package org.crjob.engine.coordinator;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The name a coordinator gives for itself in its state file, so clients on other nodes can reach it. */
public final class CoordinatorHostName {
    private CoordinatorHostName() {
    }

    public static String local() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
