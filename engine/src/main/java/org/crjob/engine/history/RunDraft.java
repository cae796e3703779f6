package org.crjob.engine.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A run while {@link HistoryBuilder} reads its events. */
final class RunDraft {
    final int number;
    final Instant start;
    String host;
    Instant lastSeen;
    Instant end;
    Instant launched;
    String ending;
    Integer exitStatus;
    Boolean exitSavedAndQuit;
    Double chargedSeconds;
    Double limitSeconds;
    Double budgetLeftSeconds;
    Restore restore;
    Instant checkpointStarted;
    final List<CheckpointMark> checkpoints = new ArrayList<>();
    final List<String> engineFailures = new ArrayList<>();

    RunDraft(int number, Instant start) {
        this.number = number;
        this.start = start;
        this.lastSeen = start;
    }

    Run close(Instant at) {
        Instant finalEnd = end != null ? end : at;
        return new Run(number, host, start, finalEnd, launched, ending != null ? ending : guessedEnding(), exitStatus,
                chargedSeconds, limitSeconds, budgetLeftSeconds, restore, List.copyOf(checkpoints),
                List.copyOf(engineFailures));
    }

    /** For a log without run-end: what its events show, never "finished" (the log does not say the work was done). */
    private String guessedEnding() {
        if (exitStatus != null && !Boolean.TRUE.equals(exitSavedAndQuit)) {
            return "exit " + exitStatus;
        }
        boolean checkpointed = checkpoints.stream().anyMatch(c -> !c.failed());
        return checkpointed && end != null ? "stopped (saved)" : "no end recorded";
    }
}
