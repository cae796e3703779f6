package org.crjob.engine.launch;

import org.crjob.engine.ExitVerdict;

/**
 * How one start of the application ended.
 *
 * @param status  its exit status, 128 + N when a signal N ended it (as a shell reports it)
 * @param verdict what that exit means for its work
 */
public record AppExit(int status, ExitVerdict verdict) { }
