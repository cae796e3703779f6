package org.crjob.engine.history;

import java.time.Duration;
import java.time.Instant;

/**
 * One checkpoint of a run, as the event log tells it: from {@code checkpoint-start} to {@code checkpoint} (or
 * {@code checkpoint-failed}, then {@code error} says why and there is no generation).
 */
public record CheckpointMark(Instant start, Instant end, double seconds, Integer generation, long bytes, String reason,
        String error) {

    public boolean failed() {
        return error != null;
    }

    static CheckpointMark stored(Instant started, JobEvent done) {
        double seconds = done.number("seconds").orElse(secondsBetween(started, done.time()));
        Instant start = started != null ? started : done.time().minusMillis(Math.round(seconds * 1000));
        return new CheckpointMark(start, done.time(), seconds, done.integer("generation").orElse(null),
                done.number("bytes").orElse(0.0).longValue(), done.text("reason").orElse("?"), null);
    }

    static CheckpointMark failed(Instant started, JobEvent failure) {
        Instant start = started != null ? started : failure.time();
        return new CheckpointMark(start, failure.time(), secondsBetween(start, failure.time()), null, 0,
                failure.text("reason").orElse("?"), failure.text("error").orElse("no reason recorded"));
    }

    static double secondsBetween(Instant from, Instant to) {
        return from == null ? 0 : Duration.between(from, to).toMillis() / 1000.0;
    }
}
