package org.crjob.archfixture.outside;

import java.io.IOException;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;

/** Breaks the process rule: Commons Exec outside org.crjob.process. */
public final class RunsCommonsExec {
    public int run() throws IOException {
        return DefaultExecutor.builder().get().execute(CommandLine.parse("true"));
    }
}
