package org.crjob.engine.spec;

import org.crjob.failure.InvalidValueException;

/**
 * A job spec that cannot be used: names where ({@code job.yaml:3:7: }), what was wrong and what is allowed.
 * An {@link InvalidValueException}, so the command line reports it as bad usage.
 */
public final class JobSpecException extends InvalidValueException {
    private static final long serialVersionUID = 1L;

    private final transient Location location;

    public JobSpecException(Location location, String message) {
        super(location + ": " + message);
        this.location = location;
    }

    public Location location() {
        return location;
    }
}
