package org.crjob.engine.jobfiles;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.crjob.engine.protocol.Json;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.SlurmTime;

/**
 * A run's {@code run-start} and {@code run-end} events (README, "What a job did: events.jsonl"), for
 * {@code crjob run} and for a job script that drives crjob itself (start-coordinator, launch, crjob requeue), whose
 * run is started and ended by different processes: each records its part only when the log does not have it yet.
 */
public final class RunEvents {
    public static final String FINISHED = "finished";
    public static final String REQUEUED = "requeued";
    public static final String FAILED = "failed";
    public static final String BUDGET_SPENT = "budget-spent";
    public static final String STOPPED = "stopped";
    public static final String ENGINE_FAILURE = "engine-failure";

    private RunEvents() {
    }

    /**
     * The {@code run-start} event.
     *
     * @param run        1, 2, 3... across requeues
     * @param job        the job as Slurm had it at the run's start; empty when Slurm could not say
     * @param budgetLeft the budget left in the job's Comment; empty when it holds none
     */
    public static void start(EventLog events, int run, String jobId, String host, Optional<JobInfo> job,
                             Optional<SlurmTime> budgetLeft, Optional<Integer> restoredFrom) {
        events.append("run-start", EventLog.fields("run", run, "jobId", jobId, "host", host,
                "limitSeconds", job.map(JobInfo::timeLimit).filter(limit -> !limit.isUnlimited())
                        .map(SlurmTime::seconds).orElse(null),
                "endTime", job.flatMap(JobInfo::endTime).map(Instant::toString).orElse(null),
                "budgetLeftSeconds", budgetLeft.map(SlurmTime::seconds).orElse(null),
                "restoredFrom", restoredFrom.orElse(null)));
    }

    /** The {@code run-end} event: {@code ending} is one of this class's names; a status or charge may be unknown. */
    public static void end(EventLog events, int run, String ending, Integer exitStatus, Optional<Duration> charged) {
        events.append("run-end", EventLog.fields("run", run, "ending", ending, "exitStatus", exitStatus,
                "chargedSeconds", charged.map(Duration::toSeconds).orElse(null)));
    }

    /**
     * What the log says of run {@code run} so far: whether its {@code run-start} and {@code run-end} are there, and
     * the last exit status the coordinator recorded after its start. Lines it cannot read are passed over.
     */
    public static Recorded recorded(EventLog events, int run) {
        Recorded recorded = Recorded.NOTHING;
        for (String line : events.lines()) {
            recorded = recorded.and(parse(line), run);
        }
        return recorded;
    }

    private static Optional<JsonNode> parse(String line) {
        try {
            return Optional.of(Json.MAPPER.readTree(line));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * One run's record in the log.
     *
     * @param exitStatus the application's last {@code exit} after the run's {@code run-start}
     */
    public record Recorded(boolean started, boolean ended, Optional<Integer> exitStatus) {
        static final Recorded NOTHING = new Recorded(false, false, Optional.empty());

        /** Started and not yet ended: its end is still to be recorded. */
        public boolean open() {
            return started && !ended;
        }

        private Recorded and(Optional<JsonNode> line, int run) {
            if (line.isEmpty()) {
                return this;
            }
            JsonNode event = line.get();
            boolean thisRun = event.path("run").asInt(0) == run;
            return switch (event.path("event").asText("")) {
                case "run-start" -> thisRun ? new Recorded(true, false, Optional.empty()) : NOTHING;
                case "run-end" -> thisRun && started ? new Recorded(true, true, exitStatus) : this;
                case "exit" -> started && event.path("status").isInt()
                        ? new Recorded(started, ended, Optional.of(event.path("status").asInt())) : this;
                default -> this;
            };
        }
    }
}
