package org.crjob.engine;

import java.nio.file.Path;
import java.util.Objects;
import org.crjob.failure.InvalidValueException;

/**
 * A file whose appearance asks the application to save its state and stop (VASP's {@code STOPCAR}, Quantum
 * ESPRESSO's {@code prefix.EXIT}, CP2K's {@code EXIT}, LAMMPS's {@code fix halt} on {@code is_file(STOP)}): crjob
 * creates it instead of sending the save signal, or besides it.
 *
 * @param path       where crjob creates it
 * @param content    what crjob writes into it (VASP reads {@code LSTOP = .TRUE.}); empty for an empty file
 * @param withSignal whether crjob sends the save signal as well
 */
public record StopFile(Path path, String content, boolean withSignal) {

    public StopFile {
        path = path.toAbsolutePath().normalize();
        Objects.requireNonNull(content, "content");
    }

    /** {@code PATH[=CONTENT]}, as {@code --stop-file} and the job spec's {@code stop-file:} take it. */
    public static StopFile parse(String value, boolean withSignal) {
        int equals = value.indexOf('=');
        String path = equals < 0 ? value : value.substring(0, equals);
        String content = equals < 0 ? "" : value.substring(equals + 1);
        if (path.isBlank()) {
            throw new InvalidValueException("--stop-file '" + value + "' names no file: give PATH or PATH=CONTENT,"
                    + " e.g. --stop-file STOPCAR='LSTOP = .TRUE.'");
        }
        return new StopFile(Path.of(path), content.isEmpty() ? "" : content + "\n", withSignal);
    }

    /** What a log line calls it: "stop file /work/STOP". */
    public String describe() {
        return "stop file " + path;
    }
}
