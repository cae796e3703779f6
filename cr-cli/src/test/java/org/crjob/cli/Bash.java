package org.crjob.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a bash script for real, the way a job script runs: non-interactive, without any Slurm or crjob variable. */
final class Bash {
    /** Where bash, coreutils and nothing like DMTCP are. */
    static final String PATH = "/usr/bin:/bin";

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    private Bash() {
    }

    /** {@code bash -c SCRIPT} in {@code dir}, with PATH={@value #PATH} and {@code env} added. */
    static Result run(Path dir, String script, Map<String, String> env) {
        try {
            Path out = Files.createTempFile(dir, "bash", ".out");
            Path err = Files.createTempFile(dir, "bash", ".err");
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", script)
                    .directory(dir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().keySet().removeIf(name -> name.startsWith("SLURM_") || name.startsWith("CRJOB_")
                    || name.startsWith("DMTCP_") || name.equals("ckpt_command") || name.equals("max_timelimit")
                    || name.equals("ckpt_overhead"));
            builder.environment().put("PATH", PATH);
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("bash did not finish in 120 s: " + script + "\n" + Files.readString(err));
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new AssertionError("cannot run bash: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
