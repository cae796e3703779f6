package org.crjob.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.crjob.failure.InvalidValueException;

/**
 * The checkpoint engines crjob has, by the name users choose them by ({@code --engine}, a job spec's
 * {@code engine:}) and manifests and state files record: the one place those names are spelled.
 */
public enum EngineKind {
    /** The application saves its own state when crjob signals it. */
    SIGNAL("signal"),
    /** DMTCP captures the unmodified process from outside. */
    DMTCP("dmtcp");

    private final String id;

    EngineKind(String id) {
        this.id = id;
    }

    /** The name, e.g. {@code signal}. */
    public String id() {
        return id;
    }

    /** Whether {@code name} (as a user gave it, or a file recorded it) names this engine. */
    public boolean is(String name) {
        return id.equals(name);
    }

    /** Every engine's name, in this order: signal, dmtcp. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(EngineKind::id).toList();
    }

    /** The engine {@code name} names, if any. */
    public static Optional<EngineKind> find(String name) {
        return Arrays.stream(values()).filter(kind -> kind.is(name)).findFirst();
    }

    /**
     * The engine {@code name} names.
     *
     * @throws InvalidValueException naming it and the engines there are, when it is none of them
     */
    public static EngineKind of(String name) {
        return find(name).orElseThrow(() -> new InvalidValueException("unknown checkpoint engine '" + name
                + "': use signal or dmtcp"));
    }
}
