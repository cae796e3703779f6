package org.crjob.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters for numbers with a range: a value out of it is a usage error (exit 2) at parse time, before a
 * command writes anything (a port of 70000 used to reach the coordinator daemon, which failed after its files
 * were written).
 */
final class Bounded {
    /** No checkpoint interval needs to be longer than a year; longer ones overflow deadlines. */
    static final long MAX_SECONDS = 366L * 24 * 3600;

    private Bounded() {
    }

    static long parse(String text, long min, long max, String what) {
        long value;
        try {
            value = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not a whole number; " + what);
        }
        if (value < min || value > max) {
            throw new TypeConversionException("'" + text + "' is out of range; " + what);
        }
        return value;
    }

    /** {@code --port}: 0 for any free port, or 1-65535. */
    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return (int) parse(text, 0, 65535, "give a TCP port from 1 to 65535, or 0 for any free one");
        }
    }

    /** {@code --keep}: at least one generation. */
    static final class Keep implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return (int) parse(text, 1, 1_000_000, "keep at least 1 generation (the newest), e.g. --keep 3");
        }
    }

    /** {@code -i}: 0 for none, at most a year. */
    static final class Seconds implements ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            return parse(text, 0, MAX_SECONDS, "give seconds from 0 (none) to " + MAX_SECONDS + " (a year),"
                    + " e.g. -i 3600");
        }
    }

    /** {@code crjob clean --older-than}: whole days, 0 (every ended job) to ten years. */
    static final class Days implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            return (int) parse(text, 0, 3660, "give whole days from 0 (every ended job) to 3660, e.g. --older-than 7");
        }
    }
}
