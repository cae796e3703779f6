package org.crjob.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.crjob.failure.FailedException;
import org.crjob.failure.IoReasons;
import org.crjob.failure.UnexpectedStateException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "new", mixinStandardHelpOptions = true,
        description = {
            "Write a commented job spec to start from (every key, what it means, its default), then edit it:",
            "",
            "  crjob new                  writes ./job.yaml",
            "  crjob render job.yaml      prints the sbatch script it makes",
            "  crjob submit job.yaml      submits it",
        })
final class NewCommand extends BaseCommand {
    @Parameters(paramLabel = "FILE", defaultValue = "job.yaml", arity = "0..1",
            description = "Where to write it; - for standard output. Default: ${DEFAULT-VALUE}.")
    String file;

    @Option(names = {"-f", "--force"}, description = "Overwrite FILE if it exists.")
    boolean force;

    @Mixin
    TemplatesOption templates;

    @Override
    public Integer call() {
        String starter = templates.templates(context.env()).starterSpec();
        if (file.equals("-")) {
            out().print(starter);
            out().flush();
            return ExitCode.OK;
        }
        Path path = Path.of(file);
        if (Files.exists(path) && !force) {
            throw new FailedException(path + " exists: edit it, give another FILE, or use --force to"
                    + " overwrite it");
        }
        try {
            Files.writeString(path, starter);
        } catch (IOException e) {
            throw new UnexpectedStateException("cannot write " + IoReasons.describe(e) + "; give a FILE in a directory"
                    + " you can write to, or - for standard output", e);
        }
        out().println("wrote " + path + ": edit it, then 'crjob render " + path + "' shows the script and 'crjob submit "
                + path + "' submits it");
        return ExitCode.OK;
    }
}
