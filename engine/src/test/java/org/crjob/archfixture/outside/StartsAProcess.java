package org.crjob.archfixture.outside;

import java.io.IOException;

/** Breaks the process rule: a ProcessBuilder outside org.crjob.process and the named starters. */
public final class StartsAProcess {
    public Process start() throws IOException {
        return new ProcessBuilder("true").start();
    }
}
