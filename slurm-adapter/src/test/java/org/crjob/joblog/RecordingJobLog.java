package org.crjob.joblog;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A job log that keeps what it is told, severity and text, so that a test asserts that a warning was a warning
 * rather than finding a word in a line.
 */
public final class RecordingJobLog implements JobLog {

    /** One message as it was logged. */
    public record Entry(Severity severity, String message) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    @Override
    public void write(Severity severity, String message) {
        entries.add(new Entry(severity, message));
    }

    /** Everything logged, in order. */
    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The texts logged as events, in order. */
    public List<String> events() {
        return messages(Severity.EVENT);
    }

    /** The texts logged as warnings, in order. */
    public List<String> warnings() {
        return messages(Severity.WARNING);
    }

    private List<String> messages(Severity severity) {
        return entries.stream().filter(e -> e.severity() == severity).map(Entry::message).toList();
    }

    /** Forgets what was logged so far. */
    public void clear() {
        entries.clear();
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
