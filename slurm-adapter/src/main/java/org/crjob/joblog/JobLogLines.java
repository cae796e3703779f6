package org.crjob.joblog;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * A job log as lines on a writer (the job's stderr): {@code [crjob 12:00:01] message}, a warning as
 * {@code [crjob 12:00:01] warning: message}, details only when asked for. Once the job's life spans more than one
 * day (this log's own start, or the first run's start it is told of, was on an earlier day), every line carries the
 * date, {@code [crjob 12-03 14:02:11] message}: a requeued job's log is read beside those of its earlier runs, and
 * a line without its day would be ambiguous there. A job within one day looks as it always has.
 */
public final class JobLogLines implements JobLog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DATE_AND_TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss");

    private final String label;
    private final PrintWriter out;
    private final Clock clock;
    private final boolean showDetails;
    /** The day the job's life began, as far as this log knows. */
    private LocalDate firstDay;

    /**
     * @param label       what opens each line's bracket, {@code crjob} or {@code crjob coordinator}
     * @param clock       its zone is the one the times are printed in (Slurm's logs use the machine's)
     * @param showDetails whether {@link #detail} lines are written ({@code -v})
     */
    public JobLogLines(String label, PrintWriter out, Clock clock, boolean showDetails) {
        this.label = Objects.requireNonNull(label, "label");
        this.out = Objects.requireNonNull(out, "out");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.showDetails = showDetails;
        this.firstDay = LocalDate.now(clock);
    }

    @Override
    public synchronized void jobStartedAt(Instant start) {
        LocalDate day = LocalDate.ofInstant(start, clock.getZone());
        if (day.isBefore(firstDay)) {
            firstDay = day;
        }
    }

    @Override
    public synchronized void write(Severity severity, String message) {
        if (severity == Severity.DETAIL && !showDetails) {
            return;
        }
        out.println("[" + label + " " + stamp(LocalDateTime.now(clock)) + "] "
                + (severity == Severity.WARNING ? "warning: " : "") + message);
        out.flush();
    }

    /** The time, and the date too once the job's life has crossed a day. */
    private String stamp(LocalDateTime now) {
        return now.format(now.toLocalDate().equals(firstDay) ? TIME : DATE_AND_TIME);
    }
}
