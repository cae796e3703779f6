package org.crjob.slurm;

import org.crjob.failure.InvalidValueException;

/** A time string Slurm would not accept; the message quotes it and says which forms are allowed. */
public class InvalidSlurmTimeException extends InvalidValueException {
    private final String input;

    public InvalidSlurmTimeException(String input, String detail) {
        super(input == null ? "missing Slurm time: " + detail
                : "invalid Slurm time '" + input + "': " + detail);
        this.input = input;
    }

    public String input() {
        return input;
    }
}
