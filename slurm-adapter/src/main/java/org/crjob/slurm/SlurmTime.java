package org.crjob.slurm;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crjob.failure.InvalidValueException;

/**
 * A Slurm time value (a job's TimeLimit, the budget in its Comment), read exactly as Slurm reads it:
 * a bare number is <em>minutes</em>, not seconds (nersc_cr's {@code timestr2secs} got that wrong).
 *
 * <p>Accepted forms: {@code M}, {@code M:S}, {@code H:M:S}, {@code D-H}, {@code D-H:M},
 * {@code D-H:M:S}, and {@code UNLIMITED} / {@code INFINITE}. The leading field may be as large as it
 * likes ({@code 90} is 90 minutes, {@code 36:00:00} is 36 hours); the fields after it must stay inside
 * their unit ({@code 25:61} is rejected).
 */
public final class SlurmTime implements Comparable<SlurmTime> {

    public static final SlurmTime UNLIMITED = new SlurmTime(-1);
    public static final SlurmTime ZERO = new SlurmTime(0);

    static final String ACCEPTED_FORMS =
            "accepted forms are minutes, minutes:seconds, hours:minutes:seconds, days-hours, days-hours:minutes, "
                    + "days-hours:minutes:seconds, or UNLIMITED (e.g. 30, 45:00, 12:00:00, 2-12, 5-00:00:00)";

    private static final Pattern DAYS_FORM = Pattern.compile("(\\d+)-(\\d+)(?::(\\d+)(?::(\\d+))?)?");
    private static final Pattern CLOCK_FORM = Pattern.compile("(\\d+)(?::(\\d+)(?::(\\d+))?)?");

    /** Whole seconds, or -1 for unlimited. */
    private final long seconds;

    private SlurmTime(long seconds) {
        this.seconds = seconds;
    }

    public static SlurmTime ofSeconds(long seconds) {
        if (seconds < 0) {
            throw new InvalidValueException("a Slurm time cannot be negative, got " + seconds + " s");
        }
        return new SlurmTime(seconds);
    }

    public static SlurmTime ofMinutes(long minutes) {
        return ofSeconds(Math.multiplyExact(minutes, 60));
    }

    public static SlurmTime of(Duration duration) {
        return ofSeconds(duration.toSeconds());
    }

    /**
     * Parses any form Slurm accepts.
     *
     * @throws InvalidSlurmTimeException quoting the input and listing the accepted forms
     */
    public static SlurmTime parse(String text) {
        if (text == null) {
            throw new InvalidSlurmTimeException(null, ACCEPTED_FORMS);
        }
        String value = text.strip();
        String upper = value.toUpperCase(Locale.ROOT);
        if (upper.equals("UNLIMITED") || upper.equals("INFINITE")) {
            return UNLIMITED;
        }
        try {
            Matcher days = DAYS_FORM.matcher(value);
            if (days.matches()) {
                return fromFields(text, number(days.group(1)), bounded(text, days.group(2), 24),
                        bounded(text, days.group(3), 60), bounded(text, days.group(4), 60));
            }
            Matcher clock = CLOCK_FORM.matcher(value);
            if (clock.matches()) {
                return fromClock(text, clock.group(1), clock.group(2), clock.group(3));
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new InvalidSlurmTimeException(text, "it is too large (" + ACCEPTED_FORMS + ")");
        }
        throw new InvalidSlurmTimeException(text, ACCEPTED_FORMS);
    }

    /** {@code M}, {@code M:S} or {@code H:M:S}: what a field means depends on how many there are. */
    private static SlurmTime fromClock(String text, String first, String second, String third) {
        if (second == null) {
            return fromFields(text, 0, 0, number(first), 0);
        }
        if (third == null) {
            return fromFields(text, 0, 0, number(first), bounded(text, second, 60));
        }
        return fromFields(text, 0, number(first), bounded(text, second, 60), bounded(text, third, 60));
    }

    private static SlurmTime fromFields(String text, long days, long hours, long minutes, long seconds) {
        long total = Math.addExact(Math.addExact(Math.multiplyExact(days, 86_400), Math.multiplyExact(hours, 3_600)),
                Math.addExact(Math.multiplyExact(minutes, 60), seconds));
        return new SlurmTime(total);
    }

    private static long number(String digits) {
        return Long.parseLong(digits);
    }

    private static long bounded(String text, String digits, int limit) {
        if (digits == null) {
            return 0;
        }
        long value = number(digits);
        if (value >= limit) {
            throw new InvalidSlurmTimeException(text,
                    "the field '" + digits + "' must be below " + limit + " (" + ACCEPTED_FORMS + ")");
        }
        return value;
    }

    public boolean isUnlimited() {
        return seconds < 0;
    }

    /** Whole seconds. */
    public long seconds() {
        requireLimited("seconds()");
        return seconds;
    }

    public Duration toDuration() {
        requireLimited("toDuration()");
        return Duration.ofSeconds(seconds);
    }

    /** Whole minutes, rounded up: a limit set in minutes must never cut a job short. */
    public long minutesRoundedUp() {
        requireLimited("minutesRoundedUp()");
        return (seconds + 59) / 60;
    }

    public SlurmTime minus(Duration elapsed) {
        if (isUnlimited()) {
            return this;
        }
        return new SlurmTime(Math.max(0, seconds - elapsed.toSeconds()));
    }

    public SlurmTime min(SlurmTime other) {
        return compareTo(other) <= 0 ? this : other;
    }

    /** Slurm's own print form, as {@code scontrol show job} shows it: {@code [D-]HH:MM:SS} or {@code UNLIMITED}. */
    public String format() {
        if (isUnlimited()) {
            return "UNLIMITED";
        }
        long days = seconds / 86_400;
        long rest = seconds % 86_400;
        String clock = String.format(Locale.ROOT, "%02d:%02d:%02d", rest / 3600, rest % 3600 / 60, rest % 60);
        return days > 0 ? days + "-" + clock : clock;
    }

    private void requireLimited(String what) {
        if (isUnlimited()) {
            throw new IllegalStateException(what + " of an UNLIMITED Slurm time");
        }
    }

    @Override
    public int compareTo(SlurmTime other) {
        if (isUnlimited() || other.isUnlimited()) {
            return Boolean.compare(isUnlimited(), other.isUnlimited());
        }
        return Long.compare(seconds, other.seconds);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SlurmTime other && other.seconds == seconds;
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(seconds);
    }

    @Override
    public String toString() {
        return format();
    }
}
