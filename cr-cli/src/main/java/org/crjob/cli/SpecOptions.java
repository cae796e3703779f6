package org.crjob.cli;

import java.util.ArrayList;
import java.util.Map;
import java.util.List;
import org.crjob.engine.submit.Templates;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What a job's script is made from: {@code --set} values and the templates. For render and submit. */
final class SpecOptions {
    @Mixin
    TemplatesOption templates;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Set a job spec key, over the job.yaml (repeatable): --set time=06:00:00,"
                    + " --set env.OMP_NUM_THREADS=4, --set engine-options.gzip=false, --set 'state=[a.dat, b.dat]'."
                    + " An empty value unsets the key.")
    List<String> sets = new ArrayList<>();

    Templates templates(Map<String, String> env) {
        return templates.templates(env);
    }
}
