package org.crjob.engine.history;

import static org.crjob.engine.history.TimeScale.format;

import java.util.ArrayList;
import java.util.List;

/** The budget left over time: at each run's start, and after its charge at its end. */
final class BudgetLine {
    private BudgetLine() {
    }

    static void draw(Markup svg, JobHistory history, TimeScale scale, double top, double height) {
        List<double[]> points = new ArrayList<>();
        double highest = 0;
        for (Run run : history.runs()) {
            if (run.budgetLeftSeconds() != null) {
                double left = run.budgetLeftSeconds();
                points.add(new double[] {scale.x(run.start()), left});
                points.add(new double[] {scale.x(run.end()), Math.max(0, left - run.charged())});
                highest = Math.max(highest, left);
            }
        }
        svg.element("text", "budget left", "class", "heading", "x", format(scale.left()), "y", format(top - 8));
        if (points.isEmpty()) {
            svg.element("text", "(the event log does not say the budget)", "class", "tick-label", "x",
                    format(scale.left() + 90), "y", format(top - 8));
            return;
        }
        StringBuilder line = new StringBuilder();
        for (double[] point : points) {
            double y = top + height * (1 - point[1] / Math.max(1, highest));
            line.append(format(point[0])).append(',').append(format(y)).append(' ');
        }
        svg.empty("line", "class", "axis", "x1", format(scale.left()), "y1", format(top + height), "x2",
                format(scale.left() + scale.width()), "y2", format(top + height));
        svg.element("text", HistoryText.seconds(highest), "class", "tick-label end", "x", format(scale.left() - 6),
                "y", format(top + 4));
        svg.element("text", "0", "class", "tick-label end", "x", format(scale.left() - 6), "y", format(top + height));
        svg.empty("polyline", "class", "budget", "points", line.toString().trim());
    }
}
