package org.crjob.engine.launch;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.crjob.engine.store.Generation;
import org.crjob.failure.InvalidValueException;

/** This run's {@code --state} paths do not say where a stored state file goes: the user names it. */
public final class StateFilesMismatchException extends InvalidValueException {

    StateFilesMismatchException(Generation generation, String fileName, List<Path> stateFiles, int matches) {
        super("checkpoint generation " + generation.number() + " holds the state file " + fileName + ", but "
                + (matches == 0 ? "none of this run's --state paths is named so" : matches
                        + " of this run's --state paths are named so, in another order than when it was stored")
                + " (--state " + stateFiles.stream().map(Path::toString).collect(Collectors.joining(" --state "))
                + "): give --state for each file the application restarts from, in the order the run that stored"
                + " them did; nothing was restored");
    }
}
