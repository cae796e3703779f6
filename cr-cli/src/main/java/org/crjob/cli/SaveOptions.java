package org.crjob.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.crjob.engine.StopFile;
import org.crjob.posix.Signal;
import picocli.CommandLine.Option;

/** How the signal engine asks the application to save, and what it saves: for launch, restart and run. */
final class SaveOptions {
    @Option(names = "--signal", paramLabel = "SIG",
            description = "The signal that asks the application to save its state (USR1, INT, TERM, ...)."
                    + " Default: USR1; with --stop-file, none unless given (then crjob sends it too).")
    Signal signal;

    @Option(names = "--stop-file", paramLabel = "PATH[=CONTENT]", converter = StopFileConverter.class,
            description = "Ask the application to save and stop by creating this file (with CONTENT, if given)"
                    + " instead of sending --signal, for codes that stop on a file: LAMMPS (fix halt on"
                    + " is_file(STOP)): --stop-file STOP; Quantum ESPRESSO: --stop-file PREFIX.EXIT; VASP:"
                    + " --stop-file STOPCAR='LSTOP = .TRUE.'. crjob creates it only where no file is (never through a"
                    + " link), removes it once the application has saved, and refuses to start the application"
                    + " while one it did not create is there (remove it).")
    StopFile stopFile;

    @Option(names = "--signal-group",
            description = "Send --signal to the application's whole process group (a wrapper script and the"
                    + " programs it started), not only to the application's own process. Off by default: a child"
                    + " that does not handle the signal would die of it.")
    boolean signalGroup;

    @Option(names = "--state", paramLabel = "PATH",
            description = "A file the application saves its state to, a directory (every file under it: ckpt/,"
                    + " an OpenFOAM time directory), or a glob pattern in quotes ('restart.*', 'md*.cpt'); repeat"
                    + " for several. Each checkpoint stores them file by file (a hard link for a file the"
                    + " application replaced by rename, else a reflink or a copy); a pattern or directory with no"
                    + " file then fails the checkpoint. A restart puts them back exactly, moving files added since"
                    + " into a crjob-set-aside-* directory.")
    List<Path> state = new ArrayList<>();

    @Option(names = "--checkpoint-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "How long the application may take to save after the signal. Default: ${DEFAULT-VALUE}.")
    long checkpointTimeout;

    @Option(names = "--checkpoint-exit-code", paramLabel = "N",
            description = "The exit status with which the application says \"I saved my state and quit: start me"
                    + " again\" (HTCondor's checkpoint_exit_code; 85 there). crjob stores its --state files and starts"
                    + " it again from them at once, in the same allocation. Without it, an exit with status 0 means"
                    + " \"saved and quit\" only when crjob's --signal had reached the application and every --state"
                    + " file was written after it; any other exit ends the work. Signal engine only.")
    Integer checkpointExitCode;

    /** --signal, USR1 when not given. */
    Signal signal() {
        return signal != null ? signal : Signal.USR1;
    }

    /** --stop-file; a --signal given as well is sent too. */
    Optional<StopFile> stopFile() {
        return Optional.ofNullable(stopFile).map(file -> new StopFile(file.path(), file.content(), signal != null));
    }

    Optional<Integer> exitCode() {
        return Optional.ofNullable(checkpointExitCode);
    }

    Duration timeout() {
        return Duration.ofSeconds(checkpointTimeout);
    }
}
