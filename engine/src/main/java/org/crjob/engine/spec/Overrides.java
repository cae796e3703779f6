package org.crjob.engine.spec;

import java.util.Map;

/**
 * One {@code --set key=value}: replaces a key of the document ({@code time=06:00:00}) or of one of its nested
 * mappings ({@code env.COUNT_TO=100}, {@code engine-options.gzip=false}). The value is a single value as
 * written; one that starts with {@code [} or <code>{</code> is read as YAML ({@code state=[a.dat, b.dat]});
 * an empty one unsets the key.
 */
final class Overrides {
    private Overrides() {
    }

    static YamlNode.Mapping apply(YamlNode.Mapping document, String argument) {
        Location at = Location.ofSet(argument);
        int equals = argument.indexOf('=');
        if (equals <= 0) {
            throw new JobSpecException(at, "write --set KEY=VALUE, e.g. --set time=06:00:00");
        }
        String key = argument.substring(0, equals).strip();
        YamlNode value = value(argument.substring(equals + 1), at);
        int dot = key.indexOf('.');
        if (dot < 0) {
            return document.with(key, at, value);
        }
        String outer = key.substring(0, dot);
        String inner = key.substring(dot + 1);
        if (!SpecKeys.isNested(outer) || inner.isEmpty() || inner.contains(".")) {
            throw new JobSpecException(at, "'" + key + "': only env.NAME and engine-options.OPTION take a dot");
        }
        YamlNode.Mapping.Entry existing = document.entries().get(outer);
        YamlNode.Mapping nested = existing != null && existing.value() instanceof YamlNode.Mapping m ? m
                : new YamlNode.Mapping(Map.of(), at);
        return document.with(outer, existing != null ? existing.keyLocation() : at, nested.with(inner, at, value));
    }

    private static YamlNode value(String text, Location at) {
        if (text.isEmpty()) {
            return new YamlNode.Null(at);
        }
        if (text.startsWith("[") || text.startsWith("{")) {
            return relocate(YamlReader.parse(text, at.source()), at);
        }
        return new YamlNode.Scalar(text, at);
    }

    /** Messages about a --set value name the argument, not a line and column inside it. */
    private static YamlNode relocate(YamlNode node, Location at) {
        if (node instanceof YamlNode.Sequence s) {
            return new YamlNode.Sequence(s.items().stream().map(i -> relocate(i, at)).toList(), at);
        }
        if (node instanceof YamlNode.Mapping m) {
            YamlNode.Mapping moved = new YamlNode.Mapping(Map.of(), at);
            for (var e : m.entries().entrySet()) {
                moved = moved.with(e.getKey(), at, relocate(e.getValue().value(), at));
            }
            return moved;
        }
        return node instanceof YamlNode.Scalar s ? new YamlNode.Scalar(s.text(), at) : new YamlNode.Null(at);
    }
}
