package org.crjob.engine.coordinator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.crjob.posix.Signal;

/**
 * How to run and checkpoint an application with the signal engine.
 *
 * @param command           the program and its arguments
 * @param stateFiles        the files the application writes its state to; they are what a checkpoint stores
 * @param signal            what asks the application to save its state
 * @param doneFile          the file the application may create to say "saved" (as well as running
 *                          {@code crjob checkpoint-done} or exiting)
 * @param checkpointTimeout how long the application may take to save after the signal
 * @param signalGroup       whether the signal goes to the application's whole process group (a wrapper script
 *                          and the program it runs) instead of the application's own process only: by default
 *                          crjob never signals its children, which may not handle the signal and die of it
 */
public record AppSpec(List<String> command, List<Path> stateFiles, Signal signal, Path doneFile,
                      Duration checkpointTimeout, boolean signalGroup) {

    /** The signal to the application's own process only. */
    public AppSpec(List<String> command, List<Path> stateFiles, Signal signal, Path doneFile,
                   Duration checkpointTimeout) {
        this(command, stateFiles, signal, doneFile, checkpointTimeout, false);
    }

    public static final Duration DEFAULT_CHECKPOINT_TIMEOUT = Duration.ofMinutes(5);

    public AppSpec {
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no command to launch: put it after --, e.g. crjob launch -- ./sim input.nml");
        }
        stateFiles = stateFiles.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(doneFile, "doneFile");
        if (checkpointTimeout.isNegative() || checkpointTimeout.isZero()) {
            throw new IllegalArgumentException("the checkpoint timeout must be positive, got "
                    + checkpointTimeout.toSeconds() + " s");
        }
    }
}
