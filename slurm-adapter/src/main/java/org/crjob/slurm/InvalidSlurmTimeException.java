package org.crjob.slurm;

/** A time string Slurm would not accept; the message quotes it and says which forms are allowed. */
public class InvalidSlurmTimeException extends IllegalArgumentException {
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
