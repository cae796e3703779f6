package org.crjob.joblog;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * A job log as lines on a writer (the job's stderr): {@code [crjob 12:00:01] message}, a warning as
 * {@code [crjob 12:00:01] warning: message}, details only when asked for. The first line of a new day carries the
 * date, {@code [crjob 2026-12-03 00:00:01] message}, so that a log read after a job that ran past midnight says
 * which day each line is from; a log within the day it was opened looks as it always has.
 */
public final class JobLogLines implements JobLog {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DATE_AND_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final String label;
    private final PrintWriter out;
    private final Clock clock;
    private final boolean showDetails;
    private LocalDate lastDate;

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
        this.lastDate = LocalDate.now(clock);
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

    /** The time, and the date too when it is not the previous line's (or, for the first line, the log's start). */
    private String stamp(LocalDateTime now) {
        boolean newDay = !now.toLocalDate().equals(lastDate);
        lastDate = now.toLocalDate();
        return now.format(newDay ? DATE_AND_TIME : TIME);
    }
}
