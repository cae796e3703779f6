package org.crjob.engine.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.joblog.RecordingJobLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** crjob report --html, from a fixture event log: the timeline's SVG elements where the times put them. */
class HistoryPageTest {
    private static final Instant FIRST_START = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant LAST_END = Instant.parse("2026-12-01T12:40:01Z");

    @TempDir
    Path workDir;

    private String page() throws IOException {
        return Fixtures.report(workDir, "4242", "three-runs.jsonl", new RecordingJobLog()).html();
    }

    @Test
    void eachRunIsABarFromItsStartToItsEndColouredByHowItEnded() throws Exception {
        List<Element> bars = elements(page(), "//rect[@data-run]");

        assertEquals(3, bars.size());
        assertEquals(List.of("run requeued", "run requeued", "run finished"), bars.stream()
                .map(bar -> bar.getAttribute("class")).toList());
        assertEquals(x("2026-12-01T11:01:00Z"), number(bars.get(1), "x"), 0.1);
        assertEquals(x("2026-12-01T11:59:26Z") - x("2026-12-01T11:01:00Z"), number(bars.get(1), "width"), 0.2);
    }

    @Test
    void checkpointTicksStandAtTheirStartAndAreAsWideAsTheyTook() throws Exception {
        List<Element> ticks = elements(page(), "//rect[@data-start]");

        assertEquals(5, ticks.size());
        List<String> starts = List.of("2026-12-01T10:20:00Z", "2026-12-01T10:58:00Z", "2026-12-01T11:30:00Z",
                "2026-12-01T11:59:00Z", "2026-12-01T12:30:00Z");
        double[] seconds = {10, 30, 4, 20, 15};
        for (int i = 0; i < ticks.size(); i++) {
            assertEquals(x(starts.get(i)), number(ticks.get(i), "x"), 0.1, starts.get(i));
            double perSecond = Timeline.PLOT_WIDTH / Duration.between(FIRST_START, LAST_END).toSeconds();
            assertEquals(Math.max(2, seconds[i] * perSecond), number(ticks.get(i), "width"), 0.1, starts.get(i));
        }
        assertEquals("checkpoint failed", ticks.get(2).getAttribute("class"));
    }

    @Test
    void theGapsBetweenRunsAndTheBudgetLeftAreDrawn() throws Exception {
        String page = page();
        List<Element> gaps = elements(page, "//rect[@class='pending']");
        List<Element> budget = elements(page, "//polyline[@class='budget']");

        assertEquals(2, gaps.size());
        assertEquals(x("2026-12-01T10:58:36Z"), number(gaps.get(0), "x"), 0.1);
        assertEquals(1, budget.size());
        assertEquals(6, budget.get(0).getAttribute("points").split(" ").length, "a point at each run's start and end");
    }

    @Test
    void thePageIsSelfContainedWithATitleALegendAndTheLogsStringsEscaped() throws Exception {
        String page = page();

        for (String fetching : List.of("<script", "src=", "href=", "url(", "@import", "<link")) {
            assertFalse(page.contains(fetching), fetching);
        }
        assertTrue(page.contains("<title>crjob report: job 4242: ./sim --in &quot;a&lt;b&gt;&amp;c&quot;</title>"),
                page);
        assertFalse(page.contains("a<b>&c"));
        assertEquals(1, elements(page, "//g[@class='legend']").size());
        assertFalse(elements(page, "//text[.='budget left']").isEmpty());
    }

    @Test
    void aRunTooShortForItsLabelIsLabelledUnderItsBar() throws Exception {
        Path events = new JobPaths(workDir, "6").eventsFile();
        Files.createDirectories(events.getParent());
        Files.writeString(events, """
                {"time":"2026-12-01T10:00:00Z","event":"run-start","run":1}
                {"time":"2026-12-01T10:10:00Z","event":"run-end","run":1,"ending":"requeued"}
                {"time":"2026-12-01T10:10:10Z","event":"run-start","run":2}
                {"time":"2026-12-01T10:10:15Z","event":"run-end","run":2,"ending":"finished"}
                """);

        String page = JobReport.read(workDir, "6", new RecordingJobLog()).html();

        List<Element> outside = elements(page, "//text[@class='bar-label outside']");
        assertEquals(List.of("run 2 finished"), outside.stream().map(Element::getTextContent).toList());
        assertEquals(List.of("run 1", "requeued"), elements(page, "//text[starts-with(@class, 'bar-label')]"
                + "[@class!='bar-label outside']").stream().map(Element::getTextContent).toList());
    }

    private static double x(String time) {
        double fraction = (double) Duration.between(FIRST_START, Instant.parse(time)).toSeconds()
                / Duration.between(FIRST_START, LAST_END).toSeconds();
        return Timeline.LEFT + Timeline.PLOT_WIDTH * fraction;
    }

    private static double number(Element element, String attribute) {
        return Double.parseDouble(element.getAttribute(attribute));
    }

    /** The page parsed as XML (so it is well-formed), and the elements {@code xpath} finds. */
    static List<Element> elements(String page, String xpath) throws Exception {
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(page)));
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, document,
                XPathConstants.NODESET);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            found.add((Element) nodes.item(i));
        }
        return found;
    }
}
