package org.crjob.engine;

import java.util.Optional;

/**
 * What an application's exit means for its work, decided by the coordinator from evidence, never from timing.
 *
 * @param savedAndQuit   the application answered a checkpoint by saving and exiting: its work is not done
 * @param restart        start it again from its checkpoint in this allocation (saved and quit, and the job is not
 *                       ending)
 * @param askedByCrjob   the exit came while crjob's request to save was waiting for an answer
 * @param generation     the checkpoint generation that holds what it saved, when one was stored
 * @param rule           the one line that says which rule decided
 */
public record ExitVerdict(boolean savedAndQuit, boolean restart, boolean askedByCrjob, Optional<Integer> generation,
                          String rule) {

    /** The work is done (or failed): the exit status is the application's last word. */
    public static ExitVerdict finished(String rule) {
        return new ExitVerdict(false, false, false, Optional.empty(), rule);
    }

    /** As {@link #finished}, for an exit after crjob's request to save that did not show it saved. */
    static ExitVerdict finishedThoughAsked(String rule) {
        return new ExitVerdict(false, false, true, Optional.empty(), rule);
    }

    static ExitVerdict savedAndQuit(boolean askedByCrjob, String rule) {
        return new ExitVerdict(true, false, askedByCrjob, Optional.empty(), rule);
    }

    /** This verdict once what the application saved is stored (or not), and whether the job is ending. */
    public ExitVerdict stored(Optional<Integer> storedGeneration, boolean jobEnding) {
        return new ExitVerdict(savedAndQuit, savedAndQuit && !jobEnding, askedByCrjob, storedGeneration, rule);
    }
}
