package org.crjob.engine.store;

import java.time.Duration;
import java.util.List;

/**
 * A generation restored, and how it was chosen: for the job's {@code restore} event.
 *
 * @param generation   the generation whose files were put back
 * @param verified     every file matched a recorded sha256 (false only when --trust-unverified restored one without)
 * @param fellBackFrom the newer generations passed over, newest first: damaged, or unverified and not trusted
 * @param took         how long choosing and restoring took
 */
public record Restoration(Generation generation, boolean verified, List<Integer> fellBackFrom, Duration took) {
    public Restoration {
        fellBackFrom = List.copyOf(fellBackFrom);
    }
}
