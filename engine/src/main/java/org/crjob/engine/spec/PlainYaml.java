package org.crjob.engine.spec;

import java.io.StringReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * A job spec is plain keys and values: no aliases, anchors or tags. Jackson's parser turned an alias into its own
 * name as a string ({@code command: *x} ran {@code x}), dropped a tag ({@code !!python/object/apply:...}) in
 * silence and hides a scalar's anchor, so SnakeYAML's events (the parser under Jackson's) are read first.
 */
final class PlainYaml {
    private PlainYaml() {
    }

    /** @throws JobSpecException at the first alias, anchor or tag, with its file:line:col */
    static void refuseAliasesAnchorsAndTags(String text, String source) {
        try {
            for (Event event : new Yaml(new LoaderOptions()).parse(new StringReader(text))) {
                refuse(event, source);
            }
        } catch (YAMLException e) {
            // not YAML at all: Jackson's parse, next, says where
        }
    }

    private static void refuse(Event event, String source) {
        if (event instanceof AliasEvent alias) {
            throw new JobSpecException(at(event, source), "YAML alias '*" + alias.getAnchor() + "' is not allowed in"
                    + " a job spec; write the value itself");
        }
        if (event instanceof NodeEvent node && node.getAnchor() != null) {
            throw new JobSpecException(at(event, source), "YAML anchor '&" + node.getAnchor() + "' is not allowed in"
                    + " a job spec; remove it and write each value where it is used");
        }
        String tag = event instanceof ScalarEvent scalar ? scalar.getTag()
                : event instanceof CollectionStartEvent collection ? collection.getTag() : null;
        if (tag != null) {
            throw new JobSpecException(at(event, source), "YAML tag '" + tag + "' is not allowed in a job spec;"
                    + " remove it: values are plain text, numbers, lists and mappings");
        }
    }

    private static Location at(Event event, String source) {
        Mark mark = event.getStartMark();
        return mark == null ? new Location(source, 0, 0) : new Location(source, mark.getLine() + 1, mark.getColumn() + 1);
    }
}
