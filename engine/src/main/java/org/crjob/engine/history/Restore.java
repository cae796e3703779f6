package org.crjob.engine.history;

import java.util.List;

/** A run's restore: the generation it started from, whether it verified, which newer ones it passed over. */
public record Restore(int generation, boolean verified, List<Integer> fellBackFrom, double seconds) {

    static Restore of(JobEvent event) {
        return new Restore(event.integer("generation").orElse(0), event.flag("verified"),
                event.integers("fellBackFrom"), event.number("seconds").orElse(0.0));
    }
}
