package org.crjob.e2e;

import static org.awaitility.Awaitility.await;
import static org.crjob.e2e.VariableTimeJobs.COUNT;
import static org.crjob.e2e.VariableTimeJobs.CRJOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import java.util.regex.Pattern;
import org.crjob.process.Command;
import org.crjob.process.ExecCommandRunner;
import org.crjob.slurm.JobInfo;
import org.crjob.slurm.JobState;
import org.junit.jupiter.api.Test;

/**
 * {@code crjob report} of a real job: a counter on the local Slurm, requeued twice by Slurm's own warning signal
 * before a real 3-minute limit, then let finish. The report has a row per run, and its page a bar per run; {@code crjob jobs --all} lists
 * the ended job with its third run and two requeues.
 */
class ReportE2ETest extends VariableTimeJobsTest {
    private static final Pattern RUN_ROW = Pattern.compile("(?m)^(\\d+) +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d ");

    @Test
    void theReportOfAJobRequeuedTwiceBySlurmsSignalShowsThreeRunsAndItsPageThreeBars() throws Exception {
        String id = countThroughTwoRequeues();

        Crjob.Result text = Crjob.run(dir, "report", id);
        Crjob.Result page = Crjob.run(dir.getParent(), "report", id, "--dir", dir.toString(), "--html",
                dir.resolve("report.html").toString());

        keep(text.out(), dir.resolve("report.html"));
        assertEquals(0, text.exitCode(), text.toString());
        assertEquals(List.of("1", "2", "3"), RUN_ROW.matcher(text.out()).results().map(m -> m.group(1)).toList(),
                text.toString());
        assertTrue(text.out().startsWith("job " + id + ": " + COUNT + "\n"), text.toString());
        assertTrue(text.out().contains("\nbudget used "), text.toString());
        assertEquals(0, page.exitCode(), page.toString());
        String html = Files.readString(dir.resolve("report.html"));
        assertEquals(3, Pattern.compile("<rect [^>]*data-run=").matcher(html).results().count(), html);
        assertTrue(Pattern.compile("<rect [^>]*data-start=").matcher(html).find(), "a checkpoint tick: " + html);

        Crjob.Result all = Crjob.run(dir, "jobs", "--all", "--json");
        JsonNode ended = StreamSupport.stream(new ObjectMapper().readTree(all.out()).spliterator(), false)
                .filter(job -> job.get("jobId").asText().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("crjob jobs --all lists the ended job: " + all));
        assertEquals(List.of("COMPLETED", 3, 2), List.of(ended.get("state").asText(), ended.get("run").asInt(),
                ended.get("requeues").asInt()), all.out());
    }

    /** The real job's report, kept under target/report-e2e for a reader of the test's results. */
    private static void keep(String text, Path page) throws Exception {
        Path artefacts = Files.createDirectories(Path.of("target", "report-e2e"));
        Files.writeString(artefacts.resolve("report.txt"), text);
        if (Files.exists(page)) {
            Files.copy(page, artefacts.resolve("report.html"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Counts every 0.2 s up to the number in count-to, read as each run starts; endless until the third run. */
    private String countThroughTwoRequeues() throws Exception {
        Files.writeString(dir.resolve("count-to"), "100000\n");
        String id = jobs.submitScript("-t 3 --comment=01:00:00", "#SBATCH --signal=B:USR1@90\n"
                + "export COUNT_TO=$(cat count-to) COUNT_STEP=0.2\n"
                + "exec " + CRJOB + " run --min-run 1 --state count.ckpt -- " + COUNT + "\n");
        await().atMost(Duration.ofMinutes(4)).until(() -> jobs.slurm.showJob(id), j -> j.restarts() == 1);
        jobs.releaseUntilRunning(id);
        JobInfo held = await().atMost(Duration.ofMinutes(5)).until(() -> jobs.slurm.showJob(id),
                j -> j.state() == JobState.PENDING && j.restarts() == 2);
        int countTo = jobs.counted().size() + 20;
        Files.writeString(dir.resolve("count-to"), countTo + "\n");
        new ExecCommandRunner().runChecked(Command.of("scontrol", "update", "JobId=" + held.ref(), "TimeLimit=10"));
        jobs.runsAgainToCompletion(id);
        jobs.assertEveryNumberCountedOnce(countTo);
        assertTrue(jobs.log().contains("SIGUSR1 (Slurm's warning that the time limit is near)"), jobs.log());
        return id;
    }
}
