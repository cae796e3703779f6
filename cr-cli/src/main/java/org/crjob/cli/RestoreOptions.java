package org.crjob.cli;

import picocli.CommandLine.Option;

/** How a restart chooses the generation it restores ({@code crjob run}, {@code crjob restart}). */
final class RestoreOptions {

    @Option(names = "--trust-unverified",
            description = "Restart from the newest generation even when some of its files have no sha256 (its run"
                    + " ended before hashing them: killed, or its node failed), checked by size and time only."
                    + " Without it such a generation is passed over, in one line, for an older one that verifies.")
    boolean trustUnverified;
}
