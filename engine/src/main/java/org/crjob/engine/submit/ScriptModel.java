package org.crjob.engine.submit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.crjob.engine.spec.JobSpec;
import org.crjob.process.Command;

/**
 * The values a template sees. Everything that reaches a shell line is already quoted ({@link Command#shellQuote}),
 * and everything that reaches an {@code #SBATCH} line was checked when the spec was read, so a template writes
 * {@code {{name}}} as it is and no value can add a command or an option.
 *
 * <p>Names: {@code name account qos partition constraint nodes time time_min output error budget signal lead}
 * (for {@code #SBATCH} lines; the optional ones are absent when not set), {@code sbatch} (extra options),
 * {@code modules}, {@code env} ({@code name}, {@code value}), {@code crjob}, {@code command}, {@code run_args},
 * {@code chain_run_args}, {@code coordinator_args}, {@code launch_args}, {@code restart_args}, {@code ckpt_dir},
 * {@code ckpt_dir_latest}, {@code chain_done}, {@code engine}, {@code template}.
 */
final class ScriptModel {
    /** Ends a line of a long command; the next starts indented. */
    private static final String CONTINUATION = "\\\n    ";

    private ScriptModel() {
    }

    static Map<String, Object> of(JobSpec spec, String template) {
        Map<String, Object> model = new HashMap<>();
        batch(spec.batch(), model);
        JobSpec.Requeue requeue = spec.requeue();
        requeue.budget().ifPresent(b -> model.put("budget", b.format()));
        model.put("signal", requeue.signal().name());
        model.put("lead", Long.toString(requeue.lead().toSeconds()));
        JobSpec.Payload payload = spec.payload();
        model.put("modules", payload.modules().stream().map(Command::shellQuote).toList());
        model.put("env", payload.env().entrySet().stream()
                .map(e -> Map.of("name", e.getKey(), "value", Command.shellQuote(e.getValue()))).toList());
        model.put("crjob", Command.shellQuote(payload.crjob()));
        if (!payload.command().isEmpty()) {
            model.put("command", quoted(payload.command()));
        }
        CrjobArguments args = new CrjobArguments(spec);
        model.put("run_args", lines(args.run(requeue.maxRequeues())));
        model.put("chain_run_args", lines(args.run(0)));
        model.put("coordinator_args", quoted(args.coordinator()));
        model.put("launch_args", quoted(args.application()));
        model.put("restart_args", quoted(args.restart()));
        String ckptDir = spec.checkpointing().ckptDir();
        model.put("ckpt_dir", Command.shellQuote(ckptDir));
        model.put("ckpt_dir_latest", Command.shellQuote(trimSlashes(ckptDir) + "/latest"));
        model.put("chain_done", Command.shellQuote(trimSlashes(ckptDir) + ".done"));
        model.put("engine", spec.checkpointing().engine());
        model.put("template", template);
        return model;
    }

    private static void batch(JobSpec.Batch batch, Map<String, Object> model) {
        model.put("name", batch.name());
        batch.account().ifPresent(v -> model.put("account", v));
        batch.qos().ifPresent(v -> model.put("qos", v));
        batch.partition().ifPresent(v -> model.put("partition", v));
        batch.constraint().ifPresent(v -> model.put("constraint", v));
        batch.nodes().ifPresent(v -> model.put("nodes", v.toString()));
        model.put("time", batch.time().format());
        batch.timeMin().ifPresent(v -> model.put("time_min", v.format()));
        batch.output().ifPresent(v -> model.put("output", v));
        batch.error().ifPresent(v -> model.put("error", v));
        model.put("sbatch", batch.extra());
    }

    /**
     * The groups of options one per line, each line continued with a backslash, ending so that what the template
     * writes after them ({@code -- {{command}}}) starts a line of its own: {@code run {{run_args}} -- {{command}}}.
     */
    private static String lines(List<List<String>> groups) {
        return groups.stream().filter(g -> !g.isEmpty()).map(g -> CONTINUATION + quoted(g))
                .collect(Collectors.joining(" ")) + " " + CONTINUATION.substring(0, CONTINUATION.length() - 1);
    }

    static String quoted(List<String> words) {
        List<String> quoted = new ArrayList<>();
        for (String word : words) {
            quoted.add(Command.shellQuote(word));
        }
        return String.join(" ", quoted);
    }

    /** {@code crjob.ckpt/} and {@code crjob.ckpt} are the same directory; {@code /} stays itself. */
    static String trimSlashes(String dir) {
        String trimmed = dir.replaceAll("/+$", "");
        return trimmed.isEmpty() ? "/" : trimmed;
    }
}
