package org.crjob.engine.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.crjob.failure.InvalidValueException;
import org.crjob.posix.Signal;
import org.crjob.slurm.SbatchDirectives;
import org.crjob.slurm.WarningSignal;

/**
 * What in the job's {@code #SBATCH} lines would make a variable-time job work worse, one warning each:
 * no {@code --signal}, one without {@code B:} or of another signal than crjob waits for, a lead shorter than
 * a checkpoint takes here, no {@code --open-mode=append}. Options given on the sbatch command line are not
 * in the script, so each warning says "unless".
 */
public final class JobSetupWarnings {
    private static final String SHORT_LEAD = "a checkpoint here took ";

    private JobSetupWarnings() {
    }

    /** Whether {@code warning} is the one about a --signal lead shorter than the measured checkpoint. */
    static boolean isShortLead(String warning) {
        return warning.contains(SHORT_LEAD);
    }

    /**
     * @param measuredCheckpoint how long a checkpoint took here (recent generations), if one was measured
     * @param selfTimedLead      how long before the end crjob checkpoints on its own
     */
    public static List<String> of(SbatchDirectives script, Signal onSignal, Optional<Duration> measuredCheckpoint,
                                  Duration selfTimedLead) {
        return of(script, onSignal, measuredCheckpoint, selfTimedLead, true, false);
    }

    /**
     * @param isBatchShell whether crjob is the batch script itself ({@code exec crjob run}), not a child of it
     * @param scriptTraps  whether the batch script sets a trap (the seeds' {@code &}, trap, {@code wait} form)
     */
    public static List<String> of(SbatchDirectives script, Signal onSignal, Optional<Duration> measuredCheckpoint,
                                  Duration selfTimedLead, boolean isBatchShell, boolean scriptTraps) {
        List<String> warnings = new ArrayList<>();
        Optional<WarningSignal> signal;
        try {
            signal = script.signal();
        } catch (InvalidValueException e) {
            signal = Optional.empty();
            warnings.add("the batch script's --signal cannot be read (" + e.getMessage() + ")");
        }
        if (signal.isEmpty()) {
            warnings.add("the batch script has no #SBATCH --signal line: unless sbatch was given --signal,"
                    + " no warning comes before the limit and crjob checkpoints on its own " + selfTimedLead.toSeconds()
                    + " s before it; add #SBATCH --signal=B:" + onSignal.name() + "@300 to be told in time");
        }
        signal.ifPresent(s -> warnings.addAll(signalWarnings(s, onSignal, measuredCheckpoint)));
        signal.filter(s -> s.toBatchShell() && !isBatchShell && !scriptTraps).ifPresent(s -> warnings.add("crjob run"
                + " is a child of the batch script, not the script itself, and the script sets no trap:"
                + " Slurm's B:" + s.signal().name() + " goes to the script, which ends on it before crjob sees it;"
                + " write exec crjob run ..., or pass the signal on: crjob run ... & pid=$!; trap 'kill -"
                + s.signal().name() + " $pid' " + s.signal().name() + "; wait $pid; wait $pid"));
        if (!script.value("open-mode").map("append"::equals).orElse(false)) {
            warnings.add("the batch script does not set --open-mode=append: unless sbatch was given it (or"
                    + " the cluster appends by default), every requeued run truncates the job's output file and the"
                    + " earlier runs' output is lost; add #SBATCH --open-mode=append");
        }
        return warnings;
    }

    private static List<String> signalWarnings(WarningSignal signal, Signal onSignal,
                                               Optional<Duration> measuredCheckpoint) {
        List<String> warnings = new ArrayList<>();
        String option = "--signal=" + signal.toOption();
        if (!signal.toBatchShell()) {
            warnings.add(option + " has no B:, so Slurm sends " + signal.signal().name() + " to the job"
                    + " steps only, never to the batch script that runs crjob: write --signal=B:"
                    + signal.signal().name() + "@" + signal.lead().toSeconds());
        }
        if (signal.signal() != onSignal) {
            warnings.add(option + " sends " + signal.signal().name() + ", but crjob run waits for "
                    + onSignal.name() + ": add --on-signal " + signal.signal().name() + " to crjob run");
        }
        measuredCheckpoint.filter(c -> c.compareTo(signal.lead()) > 0).ifPresent(c -> warnings.add(option
                + " comes " + signal.lead().toSeconds() + " s before the limit, but " + SHORT_LEAD
                + c.toSeconds() + " s: crjob checkpoints on its own earlier, but ask for more, e.g. --signal=B:"
                + signal.signal().name() + "@" + Math.max(2 * c.toSeconds() + 30, signal.lead().toSeconds())));
        return warnings;
    }
}
