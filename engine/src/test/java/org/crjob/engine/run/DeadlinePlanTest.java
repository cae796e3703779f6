package org.crjob.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadlinePlanTest {

    @Test
    void beforeAnyCheckpointIsMeasuredTheDeadlineLeavesASignalOfAMinuteToComeFirst() {
        DeadlinePlan plan = DeadlinePlan.defaults();
        Instant end = Instant.parse("2026-11-23T12:00:00Z");

        Instant at = plan.checkpointAt(end, plan.expectedCheckpoint(List.of()));

        assertEquals(Instant.parse("2026-11-23T11:59:10Z"), at, "10 s assumed x 2 + 30 s = 50 s before the end");
    }

    @Test
    void theLeadGrowsWithTheCheckpointTime() {
        DeadlinePlan plan = DeadlinePlan.defaults();

        assertEquals(Duration.ofSeconds(630), plan.lead(Duration.ofMinutes(5)));
    }
}
