package org.crjob.engine.history;

/**
 * The report as one self-contained HTML page: inline CSS and SVG, no script, no font or anything else fetched, so
 * it opens from a file on a machine without network.
 */
final class HistoryPage {
    private static final String STYLE = """
            body { font-family: sans-serif; margin: 1.5em; color: #222; }
            h1 { font-size: 1.3em; }
            pre { background: #f6f6f6; padding: 0.8em; font-size: 13px; }
            svg text { font-family: sans-serif; font-size: 12px; fill: #222; }
            svg .heading { font-weight: bold; font-size: 13px; }
            svg .bar-label { fill: #fff; font-size: 12px; }
            svg .bar-label.small { font-size: 10px; }
            svg .bar-label.outside { fill: #222; font-size: 10px; text-anchor: end; }
            svg .tick-label { font-size: 11px; text-anchor: middle; fill: #555; }
            svg .tick-label.end { text-anchor: end; }
            svg .legend-label { font-size: 11px; }
            .axis { stroke: #888; stroke-width: 1; }
            .run.finished { fill: #2e7d32; }
            .run.requeued { fill: #1565c0; }
            .run.failed { fill: #c62828; }
            .run.budget-spent { fill: #ef6c00; }
            .run.other { fill: #757575; }
            .checkpoint { fill: #ffb300; stroke: #5d4037; stroke-width: 0.5; }
            .checkpoint.failed { fill: #e53935; }
            .pending { fill: #e0e0e0; stroke: #9e9e9e; stroke-dasharray: 3 2; }
            .budget { fill: none; stroke: #6a1b9a; stroke-width: 2; }
            """;

    private HistoryPage() {
    }

    static String render(JobReport report) {
        String title = "crjob report: " + HistoryText.title(report.history());
        Markup page = new Markup().raw("<!DOCTYPE html>\n").open("html", "lang", "en").open("head")
                .empty("meta", "charset", "utf-8").element("title", title).open("style").raw(STYLE).close("style")
                .close("head").open("body").element("h1", title);
        page.raw(Timeline.render(report.history()));
        page.element("pre", report.text());
        return page.close("body").close("html").raw("\n").toString();
    }
}
