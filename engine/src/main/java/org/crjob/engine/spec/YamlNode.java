package org.crjob.engine.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as written, every node with its {@link Location}. Scalars keep their text exactly as
 * written: the job spec types them itself, so YAML 1.1's guesses ({@code yes} as true, {@code 1:30} as a
 * number) never change what a user meant.
 */
public sealed interface YamlNode {

    Location location();

    /** How a user calls this kind of node in a message. */
    String kind();

    record Scalar(String text, Location location) implements YamlNode {
        @Override
        public String kind() {
            return "a single value";
        }
    }

    /** {@code key:} with nothing after it, {@code ~} or {@code null}. */
    record Null(Location location) implements YamlNode {
        @Override
        public String kind() {
            return "nothing";
        }
    }

    record Sequence(List<YamlNode> items, Location location) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A mapping; each key keeps where it was written, for messages about the key itself. */
    record Mapping(Map<String, Entry> entries, Location location) implements YamlNode {
        public record Entry(Location keyLocation, YamlNode value) {
        }

        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        /** This mapping with {@code key} set to {@code value} (replacing, keeping its place, or appended). */
        public Mapping with(String key, Location keyLocation, YamlNode value) {
            Map<String, Entry> copy = new LinkedHashMap<>(entries);
            copy.put(key, new Entry(keyLocation, value));
            return new Mapping(copy, location);
        }

        @Override
        public String kind() {
            return "a mapping (key: value lines)";
        }
    }
}
