package org.crjob.engine.spec;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.crjob.engine.EngineKind;

/** Every key a job spec may have, and how its value is read into a {@link SpecDraft}. */
final class SpecKeys {
    private static final Map<String, BiConsumer<SpecDraft, YamlNode>> KEYS = new LinkedHashMap<>();

    static {
        key("name", (d, n) -> d.name = Values.sbatch("name", n));
        key("account", (d, n) -> d.account = Values.sbatch("account", n));
        key("qos", (d, n) -> d.qos = Values.sbatch("qos", n));
        key("partition", (d, n) -> d.partition = Values.sbatch("partition", n));
        key("constraint", (d, n) -> d.constraint = Values.sbatch("constraint", n));
        key("nodes", (d, n) -> d.nodes = Values.integer("nodes", n, 1, 1_000_000));
        key("time", (d, n) -> d.time = Values.slurmTime("time", n));
        key("time-min", (d, n) -> d.timeMin = Values.slurmTime("time-min", n));
        key("budget", (d, n) -> d.budget = Values.slurmTime("budget", n));
        key("signal", (d, n) -> d.signal = Values.signal("signal", n));
        key("lead", (d, n) -> d.lead = Values.seconds("lead", n));
        key("max-requeues", (d, n) -> d.maxRequeues = Values.integer("max-requeues", n, 0, 100_000));
        key("min-run", (d, n) -> d.minRun = Values.slurmTime("min-run", n));
        key("checkpoint-at", (d, n) -> d.checkpointAt = Values.oneOf("checkpoint-at", n,
                List.of("deadline", "signal")));
        key("engine", (d, n) -> d.engine = Values.oneOf("engine", n, EngineKind.ids()));
        key("engine-options", (d, n) -> d.engineOptions = mapping("engine-options", n));
        key("state", (d, n) -> d.state = nonBlank("state", n, Values.list("state", n)));
        key("stop-file", (d, n) -> d.stopFile = nonBlank("stop-file", n, List.of(Values.text("stop-file", n))).get(0));
        key("ckpt-dir", (d, n) -> d.ckptDir = nonBlank("ckpt-dir", n, List.of(Values.text("ckpt-dir", n))).get(0));
        key("keep", (d, n) -> d.keep = Values.integer("keep", n, 1, 1000));
        key("interval", (d, n) -> d.interval = Values.seconds("interval", n));
        key("command", (d, n) -> d.command = Values.command("command", n));
        key("env", (d, n) -> d.env.putAll(Values.environment("env", n)));
        key("modules", (d, n) -> d.modules = nonBlank("modules", n, Values.words("modules", n)));
        key("crjob", (d, n) -> d.crjob = nonBlank("crjob", n, List.of(Values.text("crjob", n))).get(0));
        key("output", (d, n) -> d.output = Values.sbatch("output", n));
        key("error", (d, n) -> d.error = Values.sbatch("error", n));
        key("sbatch", (d, n) -> d.extra = Values.list("sbatch", n).stream().map(o -> sbatchOption(o, n)).toList());
        key("template", (d, n) -> d.template = Values.templateName("template", n));
        key("chain-template", (d, n) -> d.chainTemplate = Values.templateName("chain-template", n));
    }

    private SpecKeys() {
    }

    private static void key(String name, BiConsumer<SpecDraft, YamlNode> apply) {
        KEYS.put(name, apply);
    }

    static List<String> names() {
        return List.copyOf(KEYS.keySet());
    }

    /** Reads every entry of {@code document} into {@code draft}; a key given as nothing keeps its default. */
    static void apply(YamlNode.Mapping document, SpecDraft draft) {
        for (var entry : document.entries().entrySet()) {
            String key = entry.getKey();
            BiConsumer<SpecDraft, YamlNode> apply = KEYS.get(key);
            if (apply == null) {
                throw new JobSpecException(entry.getValue().keyLocation(), unknown(key));
            }
            YamlNode value = entry.getValue().value();
            if (!(value instanceof YamlNode.Null)) {
                draft.where.put(key, value.location());
                apply.accept(draft, value);
            }
        }
    }

    static boolean isNested(String key) {
        return key.equals("env") || key.equals("engine-options");
    }

    static String unknown(String key) {
        String closest = KEYS.keySet().stream().min(Comparator.comparingInt(k -> distance(k, key))).orElseThrow();
        String hint = distance(closest, key) <= 2 ? " (did you mean '" + closest + "'?)" : "";
        return "'" + key + "' is not a job spec key" + hint + "; allowed: " + String.join(", ", KEYS.keySet());
    }

    private static YamlNode.Mapping mapping(String key, YamlNode node) {
        if (node instanceof YamlNode.Mapping mapping) {
            return mapping;
        }
        throw Values.wrongKind(key, node, "a mapping, e.g. {gzip: false}");
    }

    private static List<String> nonBlank(String key, YamlNode node, List<String> values) {
        if (values.isEmpty() || values.stream().anyMatch(String::isBlank)) {
            throw new JobSpecException(node.location(), key + ": an empty value; give one or leave the key out");
        }
        return values;
    }

    private static String sbatchOption(String option, YamlNode node) {
        String checked = SbatchValue.check("sbatch", option, node.location());
        if (!checked.startsWith("-")) {
            throw new JobSpecException(node.location(), "sbatch: '" + option + "' is not an sbatch option; write each"
                    + " line as the option itself, e.g. --mail-type=END");
        }
        return checked;
    }

    /** Edit distance, for "did you mean". */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] current = new int[b.length() + 1];
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            previous = current;
        }
        return previous[b.length()];
    }
}
