package org.crjob.engine.protocol;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.crjob.joblog.JobLog;

/**
 * The coordinator's refusals (no or wrong token, busy) in its log: the first one as it happens, then at most one
 * line a minute with how many were refused and from which peers. A peer sending 200,000 wrong-token lines used to
 * add 17.6 MB to coordinator.log in the user's directory (issue 18, item 4).
 */
final class RefusalLog {
    static final Duration EVERY = Duration.ofMinutes(1);
    /** Peers named in a summary line; the rest are counted. */
    private static final int PEERS_NAMED = 5;

    private final JobLog log;
    private final LongSupplier nanoTime;
    private final Map<String, Long> countsByPeer = new LinkedHashMap<>();
    private long lastLine;
    private boolean loggedAny;

    RefusalLog(JobLog log, LongSupplier nanoTime) {
        this.log = log;
        this.nanoTime = nanoTime;
    }

    /**
     * One refusal of {@code peer} (an address, without the port: a flood comes from many ports); {@code what}
     * describes it for the log line, and is written only when the line is due.
     */
    synchronized void refused(String peer, String what) {
        long now = nanoTime.getAsLong();
        if (!loggedAny || now - lastLine >= EVERY.toNanos()) {
            String earlier = countsByPeer.isEmpty() ? "" : "; " + summary();
            countsByPeer.clear();
            log.event(what + earlier);
            loggedAny = true;
            lastLine = now;
        } else {
            countsByPeer.merge(peer, 1L, Long::sum);
        }
    }

    /** Writes the refusals not yet logged, if any: when the server closes. */
    synchronized void flush() {
        if (!countsByPeer.isEmpty()) {
            log.event(summary());
            countsByPeer.clear();
        }
    }

    private String summary() {
        long total = countsByPeer.values().stream().mapToLong(Long::longValue).sum();
        String peers = countsByPeer.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(PEERS_NAMED)
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        String others = countsByPeer.size() > PEERS_NAMED ? " and " + (countsByPeer.size() - PEERS_NAMED)
                + " other peer(s)" : "";
        return total + " more request(s) refused since the last such line, logged once a minute (by peer: " + peers
                + others + ")";
    }
}
