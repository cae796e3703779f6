package org.crjob.slurm;

import java.time.Duration;
import java.util.Locale;
import org.crjob.failure.InvalidValueException;
import org.crjob.posix.Signal;

/**
 * Slurm's {@code --signal=[{R|B}:]SIG[@TIME]}: which signal Slurm sends how long before the time limit,
 * and to whom. Without {@code B:} it goes to the job's steps only, never to the batch shell, so a
 * {@code crjob run} in the batch script never sees it.
 *
 * @param toBatchShell whether {@code B:} was given
 * @param lead how long before the limit (Slurm's default is 60 s)
 */
public record WarningSignal(Signal signal, boolean toBatchShell, Duration lead) {

    static final Duration SLURM_DEFAULT_LEAD = Duration.ofSeconds(60);

    /** Reads the value of {@code --signal}, e.g. {@code B:USR1@300}, {@code 10@120}, {@code R:USR2}. */
    public static WarningSignal parse(String value) {
        String rest = value.strip();
        boolean batch = false;
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            String flags = rest.substring(0, colon).toUpperCase(Locale.ROOT);
            if (!flags.matches("[BR]{1,2}")) {
                throw new InvalidValueException("--signal=" + value + ": before ':' only B and R are allowed"
                        + " (B: to the batch shell, R: no reservation overlap), e.g. --signal=B:USR1@300");
            }
            batch = flags.contains("B");
            rest = rest.substring(colon + 1);
        }
        Duration lead = SLURM_DEFAULT_LEAD;
        int at = rest.indexOf('@');
        if (at >= 0) {
            String seconds = rest.substring(at + 1);
            if (!seconds.matches("[0-9]{1,6}")) {
                throw new InvalidValueException("--signal=" + value + ": after '@' comes the lead in seconds,"
                        + " e.g. --signal=B:USR1@300");
            }
            lead = Duration.ofSeconds(Long.parseLong(seconds));
            rest = rest.substring(0, at);
        }
        return new WarningSignal(Signal.parse(rest), batch, lead);
    }

    /** As sbatch's option would be written: {@code B:USR1@300}. */
    public String toOption() {
        return (toBatchShell ? "B:" : "") + signal.name() + "@" + lead.toSeconds();
    }
}
