package org.crjob.cli;

import java.io.PrintWriter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import org.crjob.engine.json.JsonMappers;
import org.crjob.slurm.SlurmTime;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --json} for commands that report something ({@code @Mixin JsonMixin json;}):
 *
 * <pre>{@code
 * if (json.enabled()) {
 *     json.print(status);          // one line of JSON on the command's out
 * } else {
 *     out().println(...);          // text
 * }
 * }</pre>
 *
 * <p>Records and beans serialize by their properties, {@code java.time} values as ISO-8601 strings, Slurm times
 * in Slurm's format,
 * {@code Optional} as its value or {@code null}.
 */
public final class JsonMixin {

    /**
     * The mapper, built on first use: picocli creates a JsonMixin for every command that has {@code --json}
     * whenever crjob starts, and building the mapper loads some 400 Jackson classes (about 0.1 s of start-up)
     * that only {@code --json} needs.
     */
    private static final class Mapper {
        static final ObjectMapper MAPPER = JsonMappers.builder()
                // Slurm times as Slurm prints them ("1-02:03:04"), what scripts hand back to sbatch and scontrol
                .addModule(new SimpleModule().addSerializer(SlurmTime.class, new ToStringSerializer(SlurmTime.class)))
                .build();
    }

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(names = "--json", description = "Print machine-readable JSON instead of text.")
    private boolean json;

    /** Whether {@code --json} was given. */
    public boolean enabled() {
        return json;
    }

    /** Writes {@code value} as one line of JSON, then a newline, to the command's out, and flushes. */
    public void print(Object value) {
        PrintWriter out = mixee.commandLine().getOut();
        out.println(toJson(value));
        out.flush();
    }

    /** {@code value} as compact, one-line JSON. */
    public static String toJson(Object value) {
        try {
            return Mapper.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** The shared, configured mapper (thread-safe), e.g. to read back what {@link #print} wrote. */
    public static ObjectMapper mapper() {
        return Mapper.MAPPER;
    }
}
