package org.crjob.archfixture.outside;

import picocli.CommandLine;

/** Breaks the picocli rule: options parsed outside org.crjob.cli. */
public final class ParsesItsOwnOptions {
    public CommandLine commandLine() {
        return new CommandLine(this);
    }
}
