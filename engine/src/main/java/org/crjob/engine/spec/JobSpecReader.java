package org.crjob.engine.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.crjob.engine.EngineKind;

/**
 * Reads a job spec: a {@code job.yaml}, then {@code --set key=value} overrides on top (also
 * {@code --set env.NAME=value} and {@code --set engine-options.gzip=false}), checked as a whole.
 */
public final class JobSpecReader {
    /** A job spec is a page of keys; a bigger file is a mistake or an attack (a 300 MB one exhausted memory). */
    static final long MAX_BYTES = 1024 * 1024;

    private JobSpecReader() {
    }

    /**
     * @throws JobSpecException naming the file, line and column of what is wrong and what is allowed there
     */
    public static JobSpec read(Path file, List<String> sets) {
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new JobSpecException(new Location(file.toString(), 0, 0), "is " + size + " bytes, more than a job"
                        + " spec's limit of 1 MiB: is it the right file? a spec holds keys (name, time, command, ...);"
                        + " put large data in files the command reads");
            }
            text = Files.readString(file);
        } catch (IOException e) {
            throw new JobSpecException(new Location(file.toString(), 0, 0), "cannot read the job spec: "
                    + (e instanceof NoSuchFileException ? "no such file" : e.getMessage())
                    + " (crjob new writes one to start from)");
        }
        YamlNode root = YamlReader.parse(text, file.toString());
        return build(root, sets, new Location(file.toString(), 0, 0), EngineKind.SIGNAL.id());
    }

    /**
     * A spec from {@code --set} values alone, for {@code crjob render TEMPLATE --set ...}.
     *
     * @param defaultEngine the engine when no {@code --set engine=} says otherwise: {@code dmtcp} for the DMTCP
     *                      templates
     */
    public static JobSpec fromSets(List<String> sets, String defaultEngine) {
        Location none = new Location("--set", 0, 0);
        return build(new YamlNode.Null(none), sets, none, defaultEngine);
    }

    private static JobSpec build(YamlNode root, List<String> sets, Location document, String defaultEngine) {
        YamlNode.Mapping mapping;
        if (root instanceof YamlNode.Mapping m) {
            mapping = m;
        } else if (root instanceof YamlNode.Null) {
            mapping = new YamlNode.Mapping(Map.of(), root.location());
        } else {
            throw new JobSpecException(root.location(), "a job spec is a mapping of keys to values"
                    + " (name: ..., time: ..., command: ...), not " + root.kind());
        }
        for (String set : sets) {
            mapping = Overrides.apply(mapping, set);
        }
        SpecDraft draft = new SpecDraft(document, defaultEngine);
        SpecKeys.apply(mapping, draft);
        return draft.build();
    }
}
