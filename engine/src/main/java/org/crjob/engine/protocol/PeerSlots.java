package org.crjob.engine.protocol;

import java.util.HashMap;
import java.util.Map;

/** Connections served at once per peer address, so that one host cannot hold every slot of the server. */
final class PeerSlots {
    private final int max;
    private final Map<String, Integer> inUse = new HashMap<>();

    PeerSlots(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("connections per peer must be at least 1, got " + max);
        }
        this.max = max;
    }

    int max() {
        return max;
    }

    synchronized boolean tryAcquire(String peer) {
        int used = inUse.getOrDefault(peer, 0);
        if (used >= max) {
            return false;
        }
        inUse.put(peer, used + 1);
        return true;
    }

    synchronized void release(String peer) {
        inUse.computeIfPresent(peer, (key, used) -> used > 1 ? used - 1 : null);
    }
}
