package org.crjob.cli;

import java.nio.file.Path;
import org.crjob.engine.submit.RenderedJob;
import org.crjob.engine.submit.Templates;
import org.crjob.failure.InvalidValueException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = {
            "Print the sbatch script of a job spec, or of a template with --set values, and warn about what would"
                + " make the job fail (on stderr).",
            "",
            "  crjob render job.yaml",
            "  crjob render job.yaml --chain            the script every job of a chain runs",
            "  crjob render signal-vt --set time=06:00:00 --set budget=5-0 \\",
            "      --set command=./sim --set state=restart.dat",
            "  crjob render --list",
            "",
            "Templates: signal-vt and dmtcp-vt (a variable-time job), chain-link (a job of a chain), dmtcp-start and"
                + " dmtcp-restart (NERSC's DMTCP start and restart jobs).",
        })
final class RenderCommand extends BaseCommand {
    @Parameters(paramLabel = "TEMPLATE|job.yaml", arity = "0..1",
            description = "A template name, or a job spec file (*.yaml, *.yml).")
    String target;

    @Mixin
    SpecOptions spec;

    @Option(names = "--chain", description = "With a job spec: the script of a chain's jobs (its chain-template).")
    boolean chain;

    @Option(names = "--list", description = "List the templates and where each comes from.")
    boolean list;

    @Override
    public Integer call() {
        Templates templates = spec.templates(context.env());
        if (list) {
            templates.names().forEach(name -> out().printf("%-15s %s%n", name, templates.origin(name)));
            return ExitCode.OK;
        }
        if (target == null) {
            throw new InvalidValueException("give a template or a job spec: crjob render job.yaml, or"
                    + " crjob render signal-vt --set ... (crjob render --list shows the templates)");
        }
        if (chain && !RenderedJob.isSpecFile(target)) {
            throw new InvalidValueException("--chain takes a job spec (job.yaml); to render the template of a"
                    + " chain's jobs, name it: crjob render chain-link --set ...");
        }
                RenderedJob job = RenderedJob.isSpecFile(target)
                ? RenderedJob.fromSpecFile(Path.of(target), spec.sets, templates, context.workDir(), chain)
                : RenderedJob.fromTemplate(target, spec.sets, templates, context.workDir());
        job.warnings().forEach(this::warning);
        out().print(job.script());
        out().flush();
        return ExitCode.OK;
    }
}
