package org.crjob.engine.history;

import static org.crjob.engine.history.TimeScale.format;

/** What the timeline's colours and marks mean. */
final class Legend {
    private static final String[][] ENTRIES = {
        {"run finished", "run finished"}, {"run requeued", "run requeued"},
        {"run failed", "run failed or engine failure"},
        {"run other", "run stopped / other"}, {"checkpoint", "checkpoint (width: its duration)"},
        {"checkpoint failed", "failed checkpoint"}, {"pending", "pending between runs"},
    };

    private Legend() {
    }

    static void draw(Markup svg, double left, double top) {
        double y = top;
        svg.open("g", "class", "legend");
        double x = left;
        for (String[] entry : ENTRIES) {
            if (x + entry[1].length() * 5.8 > left + Timeline.PLOT_WIDTH) {
                x = left;
                y += 20;
            }
            svg.empty("rect", "class", "swatch " + entry[0], "x", format(x), "y", format(y), "width", "14", "height",
                    "14");
            svg.element("text", entry[1], "class", "legend-label", "x", format(x + 18), "y", format(y + 12));
            x += 26 + entry[1].length() * 5.8;
        }
        svg.empty("line", "class", "budget", "x1", format(x), "y1", format(y + 7), "x2", format(x + 14), "y2",
                format(y + 7));
        svg.element("text", "budget left", "class", "legend-label", "x", format(x + 18), "y", format(y + 12));
        svg.close("g");
    }
}
