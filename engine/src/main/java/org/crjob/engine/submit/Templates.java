package org.crjob.engine.submit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.crjob.failure.InvalidValueException;

/**
 * Where templates come from: a directory the user names ({@code --templates DIR}, else {@code $CRJOB_TEMPLATES}),
 * then the ones shipped in crjob's jar ({@code templates/} of the repository). A file in the directory replaces
 * the shipped one of the same name, so a site can change one template and keep the others.
 *
 * <p>A template {@code NAME} is the file {@code NAME.sh.mustache}; a partial ({@code {{> NAME}}}) is
 * {@code _NAME.mustache}; the starting {@code job.yaml} of {@code crjob new} is {@code new-job.yaml}.
 */
public final class Templates {
    public static final String ENV = "CRJOB_TEMPLATES";
    /** The templates in the jar; a test checks this list against the repository's templates/ directory. */
    public static final List<String> BUILT_IN = List.of("signal-vt", "dmtcp-vt", "dmtcp-start", "dmtcp-restart",
            "chain-link");
    static final String SUFFIX = ".sh.mustache";
    private static final String STARTER = "new-job.yaml";

    private final Optional<Path> dir;

    private Templates(Optional<Path> dir) {
        this.dir = dir;
    }

    /** Only the shipped templates. */
    public static Templates builtIn() {
        return new Templates(Optional.empty());
    }

    /**
     * @param option {@code --templates DIR}, when given; else {@code CRJOB_TEMPLATES} from {@code env}
     */
    public static Templates of(Optional<Path> option, Map<String, String> env) {
        Optional<Path> dir = option.or(() -> Optional.ofNullable(env.get(ENV)).filter(s -> !s.isBlank()).map(Path::of));
        dir.ifPresent(d -> {
            if (!Files.isDirectory(d)) {
                throw new InvalidValueException("the templates directory " + d + " does not exist (from "
                        + (option.isPresent() ? "--templates" : "$" + ENV) + ")");
            }
        });
        return new Templates(dir);
    }

    /** Every template name, shipped or in the directory, sorted. */
    public List<String> names() {
        TreeSet<String> names = new TreeSet<>(BUILT_IN);
        dir.ifPresent(d -> {
            try (Stream<Path> files = Files.list(d)) {
                files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(SUFFIX) && !f.startsWith("_"))
                        .forEach(f -> names.add(f.substring(0, f.length() - SUFFIX.length())));
            } catch (IOException e) {
                throw new InvalidValueException("cannot list the templates directory " + d + ": " + e.getMessage(), e);
            }
        });
        return List.copyOf(names);
    }

    /** The text of template {@code name}. */
    public String template(String name) {
        return find(name + SUFFIX).orElseThrow(() -> new InvalidValueException("no template '" + name
                + "'; there are: " + String.join(", ", names()) + dir.map(d -> " (from the jar and " + d + ")")
                .orElse("")));
    }

    /** The text of partial {@code name}, for {@code {{> name}}}. */
    String partial(String name) {
        return find("_" + name + ".mustache").orElseThrow(() -> new InvalidValueException("no partial '" + name
                + "' (a file _" + name + ".mustache) for {{> " + name + "}}"));
    }

    /** The commented {@code job.yaml} that {@code crjob new} writes. */
    public String starterSpec() {
        return find(STARTER).orElseThrow(() -> new IllegalStateException("no " + STARTER + " in crjob's jar"));
    }

    /** Where template {@code name} comes from, for messages: a file, or crjob's jar. */
    public String origin(String name) {
        return dir.map(d -> d.resolve(name + SUFFIX)).filter(Files::isRegularFile).map(Path::toString)
                .orElse("crjob's built-in " + name);
    }

    private Optional<String> find(String file) {
        if (dir.isPresent()) {
            Path path = dir.get().resolve(file);
            if (Files.isRegularFile(path)) {
                try {
                    return Optional.of(Files.readString(path));
                } catch (IOException e) {
                    throw new InvalidValueException("cannot read template " + path + ": " + e.getMessage(), e);
                }
            }
        }
        try (InputStream in = Templates.class.getClassLoader().getResourceAsStream("templates/" + file)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read templates/" + file + " from crjob's jar", e);
        }
    }
}
