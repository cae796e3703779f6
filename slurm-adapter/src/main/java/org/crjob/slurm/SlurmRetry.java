package org.crjob.slurm;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.crjob.joblog.JobLog;
import org.crjob.process.CommandException;
import org.crjob.process.CommandTimedOutException;

/**
 * How Slurm calls ride out a controller that is slow or briefly away (a restart, a busy backfill pass):
 * transient failures are tried again after {@code first}, then twice as long each time up to {@code longest},
 * with jitter so that many jobs do not retry in step, until {@code giveUpAfter} has passed. Permanent errors
 * (an invalid job id, permission denied, a job that has ended) fail at once with Slurm's own message. Every
 * retry is an event in {@code log}.
 */
public record SlurmRetry(Duration first, Duration longest, Duration giveUpAfter, JobLog log) {

    /** What Slurm's clients print when the controller did not answer, as opposed to answering "no". */
    private static final List<String> TRANSIENT = List.of(
            "unable to contact slurm controller", "socket timed out", "connection refused",
            "resource temporarily unavailable", "zero bytes were transmitted or received",
            "controller not responding", "communication connection failure", "connection timed out",
            "unexpected message received"); // what scontrol says when the controller froze mid-call (measured)

    /** Never retry: the first failure is the answer. */
    public static SlurmRetry none() {
        return new SlurmRetry(Duration.ZERO, Duration.ZERO, Duration.ZERO, JobLog.silent());
    }

    /**
     * 1 s, 2 s, 4 s, ... at most 15 s apart, for up to 3 minutes: long enough for a controller restart, short
     * of a job's KillWait-bounded end where it no longer matters.
     */
    public static SlurmRetry defaults(JobLog log) {
        return new SlurmRetry(Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ofMinutes(3), log);
    }

    /** Whether the failure says the controller did not answer (worth another try), not that it refused. */
    public static boolean isTransient(CommandException e) {
        if (e instanceof CommandTimedOutException) {
            return true;
        }
        String stderr = e.stderr().toLowerCase(Locale.ROOT);
        return TRANSIENT.stream().anyMatch(stderr::contains);
    }

    /** The wait before retry number {@code attempt} (0 for the first): doubled each time, capped, ±25 % jitter. */
    Duration delay(int attempt) {
        long base = Math.min(longest.toMillis(), first.toMillis() << Math.min(attempt, 20));
        long jitter = base / 4;
        return Duration.ofMillis(base - jitter + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(2 * jitter + 1)));
    }
}
