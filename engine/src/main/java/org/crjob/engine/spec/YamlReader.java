package org.crjob.engine.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads one YAML document into {@link YamlNode}s with their locations (Jackson's YAML parser, streaming). */
public final class YamlReader {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final String source;

    private YamlReader(String source) {
        this.source = source;
    }

    /**
     * @param source what to call the text in messages: a file name
     * @return the document's root; {@link YamlNode.Null} for an empty document
     * @throws JobSpecException for text that is not YAML, a duplicate key, or more than one document
     */
    public static YamlNode parse(String text, String source) {
        YamlReader reader = new YamlReader(source);
        PlainYaml.refuseAliasesAnchorsAndTags(text, source);
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new YamlNode.Null(new Location(source, 1, 1));
            }
            YamlNode root = reader.node(parser);
            if (parser.nextToken() != null) {
                throw new JobSpecException(reader.location(parser), "a job spec is one YAML document; remove the"
                        + " '---' and what follows it, or put it in a file of its own");
            }
            return root;
        } catch (StreamReadException e) {
            JsonLocation where = e.getLocation();
            Location location = where == null ? new Location(source, 0, 0)
                    : new Location(source, where.getLineNr(), where.getColumnNr());
            throw new JobSpecException(location, "not valid YAML: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new JobSpecException(new Location(source, 0, 0), "cannot read: " + e.getMessage());
        }
    }

    private YamlNode node(JsonParser parser) throws IOException {
        Location at = location(parser);
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> mapping(parser, at);
            case START_ARRAY -> sequence(parser, at);
            case VALUE_NULL -> new YamlNode.Null(at);
            default -> new YamlNode.Scalar(parser.getText(), at);
        };
    }

    private YamlNode mapping(JsonParser parser, Location at) throws IOException {
        Map<String, YamlNode.Mapping.Entry> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            Location keyAt = location(parser);
            if (entries.containsKey(key)) {
                throw new JobSpecException(keyAt, "'" + key + "' is given twice (first at line "
                        + entries.get(key).keyLocation().line() + "); keep one");
            }
            parser.nextToken();
            entries.put(key, new YamlNode.Mapping.Entry(keyAt, node(parser)));
        }
        return new YamlNode.Mapping(entries, at);
    }

    private YamlNode sequence(JsonParser parser, Location at) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(node(parser));
        }
        return new YamlNode.Sequence(items, at);
    }

    private Location location(JsonParser parser) {
        JsonLocation where = parser.currentTokenLocation();
        return new Location(source, where.getLineNr(), where.getColumnNr());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
