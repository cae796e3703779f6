package org.crjob.engine.history;

import java.util.List;

/**
 * A job's life as its event log tells it: its runs in order.
 *
 * @param command           the application's command line, from its first launch; null when none was launched
 * @param runEvents         whether the log has {@code run-start}/{@code run-end} (else runs are told by the
 *                          coordinator's start and stop, and their endings guessed)
 * @param budgetLeftSeconds the budget left at the last word of the log on it; null when it never said
 * @param signalLeadSeconds Slurm's warning signal's lead before the limit, the longest seen; null when unseen
 */
public record JobHistory(String jobId, String command, List<Run> runs, boolean runEvents, Double budgetLeftSeconds,
        Double signalLeadSeconds) {

    public boolean finished() {
        return !runs.isEmpty() && Ending.FINISHED.word().equals(runs.get(runs.size() - 1).ending());
    }
}
