package org.crjob.engine.history;

import static org.crjob.engine.history.TimeScale.format;

import java.time.Instant;
import java.util.List;

/**
 * The job's life as an inline SVG: runs as bars on a wall-clock axis (coloured by how they ended), checkpoints as
 * ticks as wide as they took (at least 2 px), the pending gaps between runs, the budget left as a line below.
 */
final class Timeline {
    static final double WIDTH = 1100;
    static final double LEFT = 70;
    static final double PLOT_WIDTH = 960;
    private static final double BAR_Y = 50;
    private static final double BAR_HEIGHT = 44;
    /** The narrowest bar its label fits in. */
    private static final double LABEL_WIDTH = 70;
    private static final double AXIS_Y = 120;
    private static final double BUDGET_TOP = 175;
    private static final double BUDGET_HEIGHT = 90;
    private static final double HEIGHT = 340;

    private final JobHistory history;
    private final TimeScale scale;
    private final Markup svg = new Markup();

    private Timeline(JobHistory history) {
        this.history = history;
        List<Run> runs = history.runs();
        this.scale = TimeScale.of(runs.get(0).start(), runs.get(runs.size() - 1).end(), LEFT, PLOT_WIDTH);
    }

    static String render(JobHistory history) {
        if (history.runs().isEmpty()) {
            return new Markup().element("p", "no run in the event log yet").toString();
        }
        return new Timeline(history).draw();
    }

    private String draw() {
        svg.open("svg", "xmlns", "http://www.w3.org/2000/svg", "width", format(WIDTH), "height", format(HEIGHT),
                "viewBox", "0 0 " + format(WIDTH) + " " + format(HEIGHT), "role", "img", "aria-label",
                "timeline of " + HistoryText.title(history));
        svg.element("text", "runs (wall clock, UTC)", "x", format(LEFT), "y", "30", "class", "heading");
        pendingGaps();
        history.runs().forEach(this::run);
        axis();
        BudgetLine.draw(svg, history, scale, BUDGET_TOP, BUDGET_HEIGHT);
        Legend.draw(svg, LEFT, HEIGHT - 50);
        return svg.close("svg").toString();
    }

    private void run(Run run) {
        double x = scale.x(run.start());
        double width = Math.max(1, scale.x(run.end()) - x);
        svg.open("rect", "class", "run " + cssClass(run.ending()), "data-run", Integer.toString(run.number()),
                "data-ending", run.ending(), "x", format(x), "y", format(BAR_Y), "width", format(width), "height",
                format(BAR_HEIGHT));
        svg.element("title", "run " + run.number() + ": " + run.ending() + ", " + HistoryText.seconds(run.seconds()));
        svg.close("rect");
        if (width >= LABEL_WIDTH) {
            svg.element("text", "run " + run.number(), "class", "bar-label", "x", format(x + 4), "y",
                    format(BAR_Y + 18));
            svg.element("text", run.ending(), "class", "bar-label small", "x", format(x + 4), "y",
                    format(BAR_Y + 34));
        } else { // too short a bar for its label: under it, where nothing else is drawn
            svg.element("text", "run " + run.number() + " " + run.ending(), "class", "bar-label outside", "x",
                    format(x + width), "y", format(BAR_Y + BAR_HEIGHT + 14));
        }
        run.checkpoints().forEach(this::checkpoint);
    }

    private void checkpoint(CheckpointMark mark) {
        double x = scale.x(mark.start());
        svg.open("rect", "class", mark.failed() ? "checkpoint failed" : "checkpoint", "data-start", mark.start()
                .toString(), "data-seconds", format(mark.seconds()), "x", format(x), "y", format(BAR_Y - 8), "width",
                format(Math.max(2, scale.width(mark.seconds()))), "height", format(BAR_HEIGHT + 16));
        svg.element("title", (mark.failed() ? "failed checkpoint: " + mark.error() : "checkpoint #"
                + mark.generation()) + " (" + mark.reason() + "), " + HistoryText.seconds(mark.seconds()));
        svg.close("rect");
    }

    private void pendingGaps() {
        List<Run> runs = history.runs();
        for (int i = 1; i < runs.size(); i++) {
            Instant from = runs.get(i - 1).end();
            Instant to = runs.get(i).start();
            if (to.isAfter(from)) {
                double x = scale.x(from);
                svg.open("rect", "class", "pending", "x", format(x), "y", format(BAR_Y + 10), "width",
                        format(scale.x(to) - x), "height", format(BAR_HEIGHT - 20));
                svg.element("title", "pending " + HistoryText.seconds(CheckpointMark.secondsBetween(from, to)));
                svg.close("rect");
            }
        }
    }

    private void axis() {
        svg.empty("line", "class", "axis", "x1", format(LEFT), "y1", format(AXIS_Y), "x2", format(LEFT + PLOT_WIDTH),
                "y2", format(AXIS_Y));
        for (Instant tick : scale.ticks()) {
            double x = scale.x(tick);
            svg.empty("line", "class", "axis", "x1", format(x), "y1", format(AXIS_Y), "x2", format(x), "y2",
                    format(AXIS_Y + 5));
            svg.element("text", HistoryText.clock(tick), "class", "tick-label", "x", format(x), "y",
                    format(AXIS_Y + 18));
        }
    }

    static String cssClass(String ending) {
        return switch (ending) {
            case "finished" -> "finished";
            case "requeued" -> "requeued";
            case "failed", "engine-failure" -> "failed";
            case "budget-spent" -> "budget-spent";
            default -> "other";
        };
    }
}
