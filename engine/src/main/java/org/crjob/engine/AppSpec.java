package org.crjob.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.crjob.failure.InvalidValueException;
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
 * @param checkpointExitCode the status with which the application says "I saved my state and quit: start me again"
 *                          (HTCondor's checkpoint_exit_code, 85 there); empty when it has none
 * @param signalGroup       whether the signal goes to the application's whole process group (a wrapper script
 *                          and the program it runs) instead of the application's own process only: by default
 *                          crjob never signals its children, which may not handle the signal and die of it
 * @param stopFile          the file crjob creates to ask the application to save and stop, instead of {@code signal}
 *                          or besides it ({@link StopFile#withSignal}); empty when crjob only signals
 */
public record AppSpec(List<String> command, List<Path> stateFiles, Signal signal, Path doneFile,
                      Duration checkpointTimeout, boolean signalGroup, Optional<Integer> checkpointExitCode,
                      Optional<StopFile> stopFile) {

    public AppSpec(List<String> command, List<Path> stateFiles, Signal signal, Path doneFile,
                   Duration checkpointTimeout, boolean signalGroup, Optional<Integer> checkpointExitCode) {
        this(command, stateFiles, signal, doneFile, checkpointTimeout, signalGroup, checkpointExitCode,
                Optional.empty());
    }

    public AppSpec(List<String> command, List<Path> stateFiles, Signal signal, Path doneFile,
                   Duration checkpointTimeout, boolean signalGroup) {
        this(command, stateFiles, signal, doneFile, checkpointTimeout, signalGroup, Optional.empty());
    }

    /** The signal to the application's own process only. */
    public AppSpec(List<String> command, List<Path> stateFiles, Signal signal, Path doneFile,
                   Duration checkpointTimeout) {
        this(command, stateFiles, signal, doneFile, checkpointTimeout, false);
    }

    public static final Duration DEFAULT_CHECKPOINT_TIMEOUT = Duration.ofMinutes(5);

    public AppSpec {
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new InvalidValueException("no command to launch: put it after --, e.g. crjob launch -- ./sim input.nml");
        }
        stateFiles = stateFiles.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(doneFile, "doneFile");
        Objects.requireNonNull(checkpointExitCode, "checkpointExitCode");
        Objects.requireNonNull(stopFile, "stopFile");
        checkpointExitCode.ifPresent(AppSpec::requireCheckpointExitCode);
        if (checkpointTimeout.isNegative() || checkpointTimeout.isZero()) {
            throw new InvalidValueException("the checkpoint timeout must be positive, got "
                    + checkpointTimeout.toSeconds() + " s");
        }
    }

    /** Whether a checkpoint sends {@link #signal}: always, unless a stop file asks instead. */
    public boolean sendsSignal() {
        return stopFile.map(StopFile::withSignal).orElse(true);
    }

    /** How crjob asks the application to save, for log lines: "SIGUSR1", "stop file /w/STOP", or both. */
    public String saveRequest() {
        String file = stopFile.map(StopFile::describe).orElse("");
        return file.isEmpty() ? signal.cName() : sendsSignal() ? signal.cName() + " and " + file : file;
    }

    /** 0 means "finished", and statuses above 128 are deaths by a signal: neither can also mean "saved". */
    private static void requireCheckpointExitCode(int code) {
        if (code < 1 || code > 128) {
            throw new InvalidValueException("--checkpoint-exit-code must be from 1 to 128 (0 means finished, above"
                    + " 128 a death by a signal), got " + code + "; HTCondor's convention is 85");
        }
    }
}
