package org.crjob.engine.submit;

import java.nio.file.Path;
import java.util.List;
import org.crjob.engine.spec.JobSpec;
import org.crjob.engine.spec.JobSpecReader;

/**
 * A job spec rendered into its sbatch script, with the warnings {@link Lint} has about it.
 *
 * @param template the template it was rendered from
 */
public record RenderedJob(JobSpec spec, String template, String script, List<String> warnings) {

    public RenderedJob {
        warnings = List.copyOf(warnings);
    }

    /** Whether {@code crjob render TARGET} means a job spec file ({@code *.yaml}, {@code *.yml}) and not a template. */
    public static boolean isSpecFile(String target) {
        return target.endsWith(".yaml") || target.endsWith(".yml");
    }

    /**
     * @param chain whether the script is for a job of a chain ({@link JobSpec#chainTemplate()}) or a single job
     * @param workDir where the job will run: lint looks for earlier checkpoints there
     */
    public static RenderedJob fromSpecFile(Path file, List<String> sets, Templates templates, Path workDir,
                                           boolean chain) {
        JobSpec spec = JobSpecReader.read(file, sets);
        return render(spec, chain ? spec.chainTemplate() : spec.template(), templates, workDir);
    }

    /** {@code crjob render TEMPLATE --set ...}: the spec comes from the {@code --set} values alone. */
    public static RenderedJob fromTemplate(String template, List<String> sets, Templates templates, Path workDir) {
        return render(ScriptRenderer.specFor(template, sets), template, templates, workDir);
    }

    private static RenderedJob render(JobSpec spec, String template, Templates templates, Path workDir) {
        String script = new ScriptRenderer(templates).render(template, spec);
        return new RenderedJob(spec, template, script, Lint.check(spec, script, workDir));
    }
}
