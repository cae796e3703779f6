package org.crjob.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.crjob.engine.submit.Templates;
import picocli.CommandLine.Option;

/** {@code --templates DIR}: where templates come from before the shipped ones. For new, render and submit. */
final class TemplatesOption {
    @Option(names = "--templates", paramLabel = "DIR",
            description = "Read templates from DIR first: a file NAME.sh.mustache there replaces the shipped template"
                    + " NAME (partials: _NAME.mustache; crjob new's starter: new-job.yaml). Default: $"
                    + Templates.ENV + ", else only the shipped ones.")
    Path dir;

    /** @param env where {@code $CRJOB_TEMPLATES} is looked up */
    Templates templates(Map<String, String> env) {
        return Templates.of(Optional.ofNullable(dir), env);
    }
}
