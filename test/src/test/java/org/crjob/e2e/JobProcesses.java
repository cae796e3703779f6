package org.crjob.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The processes of a job on this node, found as an administrator would: by SLURM_JOB_ID in their environment
 * (the batch script and everything it started; slurmstepd itself is Slurm's, not the job's).
 */
final class JobProcesses {
    private JobProcesses() {
    }

    static List<Integer> of(String jobId) {
        return matching(jobId, "").stream().filter(pid -> !comm(pid).startsWith("slurmstepd")).toList();
    }

    /** The job's batch shell: with {@code exec crjob run}, the crjob JVM itself. */
    static int batchShell(String jobId) {
        return matching(jobId, "java").stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("no crjob process of job " + jobId));
    }

    /** Processes of the job, those named {@code comm} when it is not empty. */
    private static List<Integer> matching(String jobId, String comm) {
        String marker = "\0SLURM_JOB_ID=" + jobId + "\0";
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .map(p -> Integer.parseInt(p.getFileName().toString()))
                    .filter(pid -> comm.isEmpty() || comm(pid).equals(comm))
                    .filter(pid -> environ(pid).contains(marker))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String comm(int pid) {
        return BatchScripts.read(Path.of("/proc", Integer.toString(pid), "comm")).strip();
    }

    private static String environ(int pid) {
        try {
            return "\0" + new String(Files.readAllBytes(Path.of("/proc", Integer.toString(pid), "environ")),
                    StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return ""; // gone, or not ours to read
        }
    }
}
