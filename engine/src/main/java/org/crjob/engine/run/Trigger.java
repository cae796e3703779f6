package org.crjob.engine.run;

import java.time.Instant;

/** What ends a run early: Slurm's pre-termination signal, crjob's own deadline, or a TERM. */
record Trigger(Kind kind, String signalName, Instant at) {
    enum Kind { PRE_TERMINATION_SIGNAL, DEADLINE, TERMINATED }

    String describe() {
        return switch (kind) {
            case PRE_TERMINATION_SIGNAL -> signalName + " (Slurm's warning that the time limit is near)";
            case DEADLINE -> "crjob's own deadline (no signal came in time)";
            case TERMINATED -> "TERM";
        };
    }

    String reason() {
        return switch (kind) {
            case PRE_TERMINATION_SIGNAL -> "signal";
            case DEADLINE -> "deadline";
            case TERMINATED -> "term";
        };
    }
}
