package org.crjob.engine.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.crjob.engine.EngineKind;
import org.crjob.engine.StopFile;
import org.crjob.engine.dmtcp.DmtcpOptions;
import org.crjob.failure.InvalidValueException;
import org.crjob.posix.Signal;

/**
 * What {@code crjob run} was asked to do.
 *
 * @param command        the application and its arguments
 * @param stateFiles     the files the application saves its state to (signal engine)
 * @param appSignal      what asks the application to save
 * @param checkpointTimeout how long the application may take to save
 * @param onSignal       the pre-termination signal Slurm sends ({@code --signal=B:USR1@300})
 * @param ckptDir        where generations go
 * @param keep           how many generations to keep
 * @param interval       periodic checkpoints; zero for none
 * @param policy         when to requeue
 * @param deadline       when to checkpoint if the signal has not come
 * @param engine         the checkpoint engine: {@code signal} (the default) or {@code dmtcp}
 * @param dmtcp          dmtcp engine: the DMTCP options (gzip, open files, plugins, ...)
 * @param onPreempt      what to do after the checkpoint when Slurm preempts the job
 * @param signalGroup    the application's signal to its whole process group, not only its own process
 * @param checkpointExitCode the status with which the application says it saved and quit (signal engine)
 * @param trustUnverified restart from a generation without a sha256 for every file rather than fall back past it
 * @param stopFile       the file crjob creates to ask the application to save and stop (signal engine)
 * @param checkpointAt   after Slurm's warning signal: checkpoint at crjob's own deadline, or at once
 */
public record RunOptions(List<String> command, List<Path> stateFiles, Signal appSignal, Duration checkpointTimeout,
                         Signal onSignal, Path ckptDir, int keep, Duration interval, RequeuePolicy policy,
                         DeadlinePlan deadline, String engine, DmtcpOptions dmtcp, PreemptAction onPreempt,
                         boolean signalGroup, Optional<Integer> checkpointExitCode, boolean trustUnverified,
                         Optional<StopFile> stopFile, CheckpointAt checkpointAt) {

    /** With the signal engine. */
    public RunOptions(List<String> command, List<Path> stateFiles, Signal appSignal, Duration checkpointTimeout,
                      Signal onSignal, Path ckptDir, int keep, Duration interval, RequeuePolicy policy,
                      DeadlinePlan deadline) {
        this(command, stateFiles, appSignal, checkpointTimeout, onSignal, ckptDir, keep, interval, policy, deadline,
                EngineKind.SIGNAL.id(), DmtcpOptions.DEFAULTS, PreemptAction.REQUEUE, false, Optional.empty(), false,
                Optional.empty(), CheckpointAt.DEADLINE);
    }

    public RunOptions {
        command = List.copyOf(command);
        stateFiles = List.copyOf(stateFiles);
        if (command.isEmpty()) {
            throw new InvalidValueException("no command to run: put it after --, e.g. crjob run -- ./sim input.nml");
        }
    }
}
