package org.crjob.cli;

import org.crjob.failure.InvalidValueException;
import org.crjob.slurm.SlurmTime;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "time", mixinStandardHelpOptions = true,
        description = {
            "Convert a Slurm time to seconds, or seconds to Slurm's time format, exactly as Slurm reads and"
                + " prints times: a bare number is minutes (30 is 30 minutes), 2-12 is 2 days 12 hours.",
            "",
            "  crjob time --seconds 2-12          # 216000",
            "  crjob time --from-seconds 90061    # 1-01:01:01",
            "",
            "The shell functions timestr2secs and secs2timestr (crjob shell-init bash) call this.",
        })
final class TimeCommand extends BaseCommand {

    static final class Conversion {
        @Option(names = "--seconds", paramLabel = "TIME", required = true,
                description = "Print TIME (any Slurm form: 30, 45:30, 12:00:00, 2-12, 5-00:00, 1-02:03:04) in"
                        + " seconds.")
        SlurmTime toSeconds;

        @Option(names = "--from-seconds", paramLabel = "N", required = true,
                description = "Print N seconds in Slurm's format, [D-]HH:MM:SS.")
        Long fromSeconds;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Conversion conversion;

    @Override
    public Integer call() {
        if (conversion.toSeconds != null) {
            if (conversion.toSeconds.isUnlimited()) {
                throw new InvalidValueException("UNLIMITED is no number of seconds: give a finite Slurm time");
            }
            out().println(conversion.toSeconds.seconds());
        } else {
            out().println(SlurmTime.ofSeconds(conversion.fromSeconds).format());
        }
        return ExitCode.OK;
    }
}
