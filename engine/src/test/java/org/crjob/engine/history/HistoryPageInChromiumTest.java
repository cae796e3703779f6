package org.crjob.engine.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.crjob.joblog.RecordingJobLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * crjob report --html's page as a browser draws it: Debian's headless Chromium (scripts/test-packages installs it)
 * loads it from a file, its DOM after rendering has the timeline's elements, and its screenshot is kept as
 * {@code target/report-artefacts/report.png} (the one in docs/ was taken from there).
 */
class HistoryPageInChromiumTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path ARTEFACTS = Path.of("target", "report-artefacts");

    @TempDir
    Path workDir;

    @Test
    void chromiumDrawsThreeRunBarsFiveCheckpointsAndTheBudgetLineOfAThreeRunJob() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed (scripts/test-packages installs"
                + " it): the page is not rendered in a browser");
        Path page = ARTEFACTS.resolve("report.html").toAbsolutePath();
        Files.createDirectories(ARTEFACTS);
        Files.writeString(page, Fixtures.report(workDir, "4242", "three-runs.jsonl", new RecordingJobLog()).html());

        String dom = chromium(page, "--dump-dom");
        Path screenshot = ARTEFACTS.resolve("report.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        chromium(page, "--screenshot=" + screenshot);

        // the DOM comes back as HTML, not XML (a "<" in an attribute stays as it is): counted, not parsed
        assertEquals(3, count(dom, "<rect [^>]*data-run="), dom);
        assertEquals(5, count(dom, "<rect [^>]*data-start="), dom);
        assertEquals(2, count(dom, "<rect class=\"pending\""), dom);
        assertEquals(1, count(dom, "<polyline class=\"budget\""), dom);
        assertTrue(Files.size(screenshot) > 10_000, "a screenshot with something drawn: " + screenshot);
    }

    private static long count(String dom, String regex) {
        return Pattern.compile(regex).matcher(dom).results().count();
    }

    /** Chromium's stdout for {@code page} and {@code action} (--dump-dom or --screenshot=FILE). */
    private String chromium(Path page, String action) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--no-first-run", "--user-data-dir=" + workDir.resolve("profile"),
                "--window-size=1200,800", action, page.toUri().toString()));
        Path out = workDir.resolve("chromium.out");
        Path err = workDir.resolve("chromium.err");
        Process chromium = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!chromium.waitFor(120, TimeUnit.SECONDS)) {
            chromium.destroyForcibly();
            throw new AssertionError("chromium did not end in 120 s: " + command);
        }
        assertEquals(0, chromium.exitValue(), () -> command + " failed: " + read(err));
        return read(out);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
