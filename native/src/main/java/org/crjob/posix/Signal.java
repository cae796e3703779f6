package org.crjob.posix;

import java.util.Locale;
import org.crjob.failure.InvalidValueException;

/**
 * The standard (non-real-time) Linux signals with their numbers. x86_64 and aarch64 both use the
 * generic Linux numbering, so one table serves both.
 *
 * <p>{@link #parse(String)} accepts what users type for Slurm's {@code --signal}: {@code USR1},
 * {@code SIGUSR1}, {@code usr1} or {@code 10}.
 */
public enum Signal {
    HUP(1), INT(2), QUIT(3), ILL(4), TRAP(5), ABRT(6), BUS(7), FPE(8), KILL(9), USR1(10),
    SEGV(11), USR2(12), PIPE(13), ALRM(14), TERM(15), STKFLT(16), CHLD(17), CONT(18), STOP(19),
    TSTP(20), TTIN(21), TTOU(22), URG(23), XCPU(24), XFSZ(25), VTALRM(26), PROF(27), WINCH(28),
    IO(29), PWR(30), SYS(31);

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    /** The Linux signal number, as passed to kill(2). */
    public int number() {
        return number;
    }

    /** The conventional C name, e.g. {@code SIGUSR1}. */
    public String cName() {
        return "SIG" + name();
    }

    /** The signal with this Linux number; InvalidValueException if none of ours has it. */
    public static Signal of(int number) {
        // The constants are declared in number order, 1..31.
        Signal[] all = values();
        if (number < 1 || number > all.length) {
            throw new InvalidValueException("no signal numbered " + number
                    + ": standard Linux signals are 1 to " + all.length);
        }
        return all[number - 1];
    }

    /**
     * Reads a signal as users write it: a name with or without the {@code SIG} prefix, in any
     * case ({@code USR1}, {@code SIGUSR1}, {@code usr1}), or its number ({@code 10}).
     *
     * @throws InvalidValueException quoting the input and saying what is accepted
     */
    public static Signal parse(String text) {
        if (text != null) {
            String s = text.strip().toUpperCase(Locale.ROOT);
            if (s.matches("[0-9]{1,9}")) {
                int number = Integer.parseInt(s);
                if (number >= 1 && number <= values().length) {
                    return of(number);
                }
            } else {
                String name = s.startsWith("SIG") ? s.substring(3) : s;
                for (Signal signal : values()) {
                    if (signal.name().equals(name)) {
                        return signal;
                    }
                }
            }
        }
        throw new InvalidValueException("unknown signal '" + text + "': use a name such as "
                + "USR1, USR2, TERM, INT, HUP (with or without SIG) or its number");
    }
}
