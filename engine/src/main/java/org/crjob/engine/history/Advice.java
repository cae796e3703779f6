package org.crjob.engine.history;

import java.util.ArrayList;
import java.util.List;

/** What the report suggests changing, one line each, from a job's history and totals. */
final class Advice {
    /** A lead this many times what is needed is worth shortening. */
    private static final double GENEROUS_LEAD = 3;
    /** crjob's margin before the limit: the longest checkpoint × 2 + 30 s. */
    private static final double MARGIN_SECONDS = 30;
    /** A run shorter than crjob's --min-run (5 minutes) is not started. */
    private static final double USEFUL_RUN_SECONDS = 300;

    private Advice() {
    }

    static List<String> of(JobHistory history, Totals totals) {
        List<String> lines = new ArrayList<>();
        if (!history.runEvents()) {
            lines.add("this log has no run-start/run-end events (written by an older crjob): runs are told by the"
                    + " coordinator's start and stop, and how each ended is read from its events");
        }
        signalLead(history, totals, lines);
        for (Run run : history.runs()) {
            perRun(run, lines);
        }
        budget(history, totals, lines);
        return lines;
    }

    private static void signalLead(JobHistory history, Totals totals, List<String> lines) {
        Double lead = history.signalLeadSeconds();
        double longest = totals.longestCheckpointSeconds();
        if (lead == null || longest <= 0) {
            return;
        }
        long enough = roundUpTo30(longest * 2 + MARGIN_SECONDS);
        if (lead >= enough * GENEROUS_LEAD) {
            lines.add(String.format("your --signal lead of %d s is %dx your longest checkpoint (%s):"
                    + " --signal=B:USR1@%d would do", Math.round(lead), Math.round(lead / longest),
                    HistoryText.seconds(longest), enough));
        } else if (lead < longest * 2 + MARGIN_SECONDS) {
            lines.add(String.format("your --signal lead of %d s is short for your longest checkpoint (%s): a"
                    + " checkpoint may not end before the limit; --signal=B:USR1@%d is safer", Math.round(lead),
                    HistoryText.seconds(longest), enough));
        }
    }

    private static long roundUpTo30(double seconds) {
        return (long) Math.ceil(seconds / 30) * 30;
    }

    private static void perRun(Run run, List<String> lines) {
        if (run.stored().isEmpty() && run.endedWithWorkLeft()) {
            lines.add("no checkpoint in run " + run.number() + (Ending.REQUEUED.word().equals(run.ending())
                    ? ": its work was done again in the next run" : ""));
        }
        for (CheckpointMark failed : run.checkpoints().stream().filter(CheckpointMark::failed).toList()) {
            lines.add("a checkpoint failed in run " + run.number() + " at " + HistoryText.clock(failed.end()) + ": "
                    + failed.error());
        }
        Restore restore = run.restore();
        if (restore != null && !restore.fellBackFrom().isEmpty()) {
            lines.add("run " + run.number() + " restarted from generation " + restore.generation() + ", passing over "
                    + restore.fellBackFrom() + " (could not be verified): check them with crjob checkpoints verify");
        }
        run.engineFailures().forEach(error -> lines.add("the checkpoint engine failed in run " + run.number() + ": "
                + error));
    }

    private static void budget(JobHistory history, Totals totals, List<String> lines) {
        Double left = totals.budgetLeftSeconds();
        if (left == null || history.finished() || history.runs().isEmpty()) {
            return;
        }
        Double limit = history.runs().get(history.runs().size() - 1).limitSeconds();
        if (left < USEFUL_RUN_SECONDS) {
            lines.add("budget left " + HistoryText.minutes(left) + ": less than a useful run; raise the job's"
                    + " Comment (scontrol update job=" + history.jobId() + " comment=...) to go on");
        } else if (limit != null && left < limit) {
            lines.add("budget left " + HistoryText.minutes(left) + ": the next run may be cut short");
        }
    }
}
