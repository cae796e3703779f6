package org.crjob.engine.submit;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import java.io.StringReader;
import java.util.List;
import java.util.regex.Pattern;
import org.crjob.engine.EngineKind;
import org.crjob.engine.spec.JobSpec;
import org.crjob.engine.spec.JobSpecReader;
import org.crjob.failure.InvalidValueException;

/** Renders a template with a job spec's values into an sbatch script. */
public final class ScriptRenderer {
    private final Templates templates;
    private final Mustache.Compiler compiler;

    public ScriptRenderer(Templates templates) {
        this.templates = templates;
        // no HTML escaping: the values are quoted for the shell already (ScriptModel); a variable a template
        // uses but the spec does not give is an error, never an empty string in the middle of a command
        this.compiler = Mustache.compiler().escapeHTML(false)
                .withLoader(name -> new StringReader(templates.partial(name)));
    }

    public Templates templates() {
        return templates;
    }

    /**
     * @throws InvalidValueException when there is no such template, or it uses a value the spec does not give
     *     (e.g. {@code {{command}}} without a command)
     */
    public String render(String template, JobSpec spec) {
        try {
            return compiler.compile(templates.template(template)).execute(ScriptModel.of(spec, template));
        } catch (MustacheException e) {
            throw new InvalidValueException("cannot render template " + template + " ("
                    + templates.origin(template) + "): " + explain(e), e);
        }
    }

    /**
     * The spec for {@code crjob render TEMPLATE --set ...}, which has no job.yaml: the DMTCP templates default to
     * the dmtcp engine, every other template to the signal engine.
     */
    public static JobSpec specFor(String template, List<String> sets) {
        EngineKind engine = template.startsWith(EngineKind.DMTCP.id()) ? EngineKind.DMTCP : EngineKind.SIGNAL;
        return JobSpecReader.fromSets(sets, engine.id());
    }

    private static String explain(MustacheException e) {
        String message = e.getMessage();
        var missing = Pattern.compile("No (?:method or field|key) with name '([^']+)'.*line (\\d+)")
                .matcher(message == null ? "" : message);
        if (missing.find()) {
            String name = missing.group(1);
            return "line " + missing.group(2) + " uses {{" + name + "}}, which this job spec does not give"
                    + (name.equals("command") ? ": add command: (or --set command=...)" : "");
        }
        return message;
    }
}
