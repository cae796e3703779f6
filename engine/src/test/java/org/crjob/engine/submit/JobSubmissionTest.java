package org.crjob.engine.submit;

import org.crjob.process.Command;
import org.crjob.slurm.UnusedSlurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.crjob.failure.InvalidValueException;
import org.crjob.process.CommandFailedException;
import org.crjob.process.CommandResult;
import org.crjob.slurm.Dependency;
import org.crjob.slurm.Slurm;
import org.crjob.slurm.SlurmCommandException;
import org.crjob.slurm.SubmitRequest;
import org.crjob.failure.UnexpectedStateException;
import org.crjob.neighbour.SecondUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the jobs of a chain are linked (on the real Slurm: ChainE2ETest in test/). */
class JobSubmissionTest {
    @TempDir
    Path dir;

    @Test
    void eachJobOfAChainWaitsForTheOneBefore() {
        RecordingSlurm slurm = new RecordingSlurm(Integer.MAX_VALUE);

        List<SubmittedJob> jobs = JobSubmission.chain(dir.resolve("job.sh"), dir, 3, Dependency.Kind.AFTEROK)
                .submit(slurm);

        assertEquals(List.of("100", "101", "102", "103"), jobs.stream().map(SubmittedJob::id).toList());
        assertEquals(List.of("start", "restart", "restart", "restart"), jobs.stream().map(SubmittedJob::role).toList());
        assertEquals(List.of(Optional.empty(), Optional.of("afterok:100"), Optional.of("afterok:101"),
                Optional.of("afterok:102")), jobs.stream().map(SubmittedJob::dependency).toList());
        assertTrue(slurm.requests.stream().allMatch(r -> r.submitDir().equals(Optional.of(dir))));
    }

    @Test
    void singletonNeedsNoJobIds() {
        RecordingSlurm slurm = new RecordingSlurm(Integer.MAX_VALUE);

        JobSubmission.chain(dir.resolve("job.sh"), dir, 2, Dependency.Kind.SINGLETON).submit(slurm);

        assertEquals(List.of(Optional.empty(), Optional.of(Dependency.singleton()), Optional.of(Dependency.singleton())),
                slurm.requests.stream().map(SubmitRequest::dependency).toList());
    }

    @Test
    void theDryRunLinesAreAScriptThatChainsTheJobsThroughShellVariables() {
        List<String> lines = JobSubmission.chain(Path.of("/w d/.crjob/submit/job-chain.sh"), Path.of("/w d"), 2,
                Dependency.Kind.AFTERANY).commandLines();

        assertEquals(List.of("cd '/w d'",
                "job0=$(sbatch --parsable '/w d/.crjob/submit/job-chain.sh')",
                "job1=$(sbatch --parsable --dependency=afterany:$job0 '/w d/.crjob/submit/job-chain.sh')",
                "job2=$(sbatch --parsable --dependency=afterany:$job1 '/w d/.crjob/submit/job-chain.sh')"), lines);
    }

    @Test
    void aChainThatBreaksOffNamesTheJobsAlreadyInTheQueue() {
        RecordingSlurm slurm = new RecordingSlurm(2);

        PartialSubmissionException e = assertThrows(PartialSubmissionException.class,
                () -> JobSubmission.chain(dir.resolve("job.sh"), dir, 3, Dependency.Kind.AFTERANY).submit(slurm));

        assertEquals(List.of("100", "101"), e.submitted().stream().map(SubmittedJob::id).toList());
        assertTrue(e.getMessage().contains("the jobs already submitted are in the queue: 100 101"), e.getMessage());
    }

    @Test
    void aChainNeedsARestartJobAndAWayToWait() {
        assertThrows(InvalidValueException.class,
                () -> JobSubmission.chain(dir.resolve("job.sh"), dir, 0, Dependency.Kind.AFTERANY));
        assertThrows(InvalidValueException.class,
                () -> JobSubmission.chain(dir.resolve("job.sh"), dir, 2, Dependency.Kind.AFTERNOTOK));
    }

    @Test
    void submittingWritesTheScriptWhereTheCommandLinesSayItIs() throws Exception {
        Path spec = dir.resolve("count.yaml");
        Files.writeString(spec, "time: 10\ncommand: ./count.sh\n");
        RecordingSlurm slurm = new RecordingSlurm(Integer.MAX_VALUE);

        PreparedSubmission prepared = PreparedSubmission.prepare(spec, List.of(), Templates.builtIn(), dir, 1,
                Dependency.Kind.AFTERANY);
        prepared.submit(slurm);

        assertEquals(dir.resolve(".crjob/submit/count-chain.sh"), prepared.scriptFile());
        assertEquals(prepared.job().script(), Files.readString(prepared.scriptFile()));
        assertEquals(prepared.scriptFile(), slurm.requests.get(0).script());
        assertEquals("chain-link", prepared.job().template());
    }

    @Test
    void aSubmitScriptIsNeverWrittenThroughALinkAnotherUserPlanted() throws Exception {
        SecondUser mallory = SecondUser.mallory();
        Path secret = Files.writeString(Files.createDirectories(dir.resolve("home")).resolve("secret"), "mine\n");
        Path project = SecondUser.shared(dir.resolve("project"));
        Path spec = Files.writeString(project.resolve("count.yaml"), "time: 10\ncommand: ./count.sh\n");
        SecondUser.Result planted = mallory.sh("cd '" + project + "' && mkdir -m 777 -p .crjob/submit"
                + " && ln -s '" + secret + "' .crjob/submit/count-chain.sh");
        assertEquals(0, planted.status(), planted.output());
        RecordingSlurm slurm = new RecordingSlurm(Integer.MAX_VALUE);
        PreparedSubmission prepared = PreparedSubmission.prepare(spec, List.of(), Templates.builtIn(), project, 1,
                Dependency.Kind.AFTERANY);

        UnexpectedStateException refused = assertThrows(UnexpectedStateException.class, () -> prepared.submit(slurm));

        assertEquals("mine\n", Files.readString(secret));
        assertEquals(List.of(), slurm.requests, "nothing submitted");
        assertTrue(refused.getMessage().contains(SecondUser.NAME), refused.getMessage());
    }

    /** Numbers jobs from 100 and refuses the submission after {@code accepted} of them, as sbatch would. */
    private static final class RecordingSlurm extends UnusedSlurm {
        final List<SubmitRequest> requests = new ArrayList<>();
        private final int accepted;

        RecordingSlurm(int accepted) {
            this.accepted = accepted;
        }

        @Override
        public String submit(SubmitRequest request) {
            if (requests.size() >= accepted) {
                throw new SlurmCommandException("submitting", new CommandFailedException(new CommandResult(
                        Command.of(request.sbatchArgv()), 1, "",
                        "sbatch: error: QOSMaxSubmitJobPerUserLimit", Duration.ZERO)));
            }
            requests.add(request);
            return Integer.toString(100 + requests.size() - 1);
        }
    }
}
