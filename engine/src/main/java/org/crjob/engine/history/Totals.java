package org.crjob.engine.history;

import java.util.List;

/**
 * A job's time, added up over its runs (seconds).
 *
 * @param lostPerRequeueSeconds the mean over requeue cycles of what one costs besides the work: the last checkpoint
 *                              before the requeue, the run's time after it (work done again), the next run's
 *                              start-up (restore, launch); 0 without requeues
 * @param pendingSeconds        the time between runs (Slurm held or queued the requeued job)
 * @param budgetLeftSeconds     after the last run; null when the log never said the budget
 */
public record Totals(int runs, int requeues, double workSeconds, double checkpointSeconds, int checkpoints,
        int failedCheckpoints, double lostPerRequeueSeconds, double pendingSeconds, double budgetUsedSeconds,
        Double budgetLeftSeconds, double longestCheckpointSeconds) {

    public static Totals of(JobHistory history) {
        List<Run> runs = history.runs();
        List<CheckpointMark> all = runs.stream().flatMap(r -> r.checkpoints().stream()).toList();
        return new Totals(runs.size(), requeues(runs), runs.stream().mapToDouble(Run::workSeconds).sum(),
                runs.stream().mapToDouble(Run::checkpointSeconds).sum(), (int) all.stream().filter(c -> !c.failed())
                        .count(), (int) all.stream().filter(CheckpointMark::failed).count(), lostPerRequeue(runs),
                pending(runs), runs.stream().mapToDouble(Run::charged).sum(), budgetLeft(history),
                all.stream().filter(c -> !c.failed()).mapToDouble(CheckpointMark::seconds).max().orElse(0));
    }

    private static int requeues(List<Run> runs) {
        return (int) runs.stream().filter(r -> Ending.REQUEUED.word().equals(r.ending())).count();
    }

    private static double lostPerRequeue(List<Run> runs) {
        double lost = 0;
        int cycles = 0;
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            if (Ending.REQUEUED.word().equals(run.ending())) {
                cycles++;
                lost += run.lastStored().map(CheckpointMark::seconds).orElse(0.0) + run.afterLastCheckpointSeconds()
                        + (i + 1 < runs.size() ? runs.get(i + 1).startupSeconds() : 0);
            }
        }
        return cycles == 0 ? 0 : lost / cycles;
    }

    private static double pending(List<Run> runs) {
        double pending = 0;
        for (int i = 1; i < runs.size(); i++) {
            pending += Math.max(0, CheckpointMark.secondsBetween(runs.get(i - 1).end(), runs.get(i).start()));
        }
        return pending;
    }

    /** The last run's budget at its start less its charge, else the last budget the log said. */
    private static Double budgetLeft(JobHistory history) {
        List<Run> runs = history.runs();
        Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
        if (last != null && last.budgetLeftSeconds() != null) {
            return Math.max(0, last.budgetLeftSeconds() - last.charged());
        }
        return history.budgetLeftSeconds();
    }
}
