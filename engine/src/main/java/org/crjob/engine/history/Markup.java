package org.crjob.engine.history;

/**
 * Builds XML and HTML by hand: elements with attributes, text, every string escaped (a command line in the log can
 * hold {@code < & "}).
 */
final class Markup {
    private final StringBuilder out = new StringBuilder();

    /** {@code <tag name="value" ...>}; {@code attributes} are name, value pairs. */
    Markup open(String tag, String... attributes) {
        start(tag, attributes);
        out.append('>');
        return this;
    }

    /** {@code <tag name="value" ... />} */
    Markup empty(String tag, String... attributes) {
        start(tag, attributes);
        out.append("/>");
        return this;
    }

    Markup close(String tag) {
        out.append("</").append(tag).append('>');
        return this;
    }

    /** {@code <tag ...>text</tag>} */
    Markup element(String tag, String text, String... attributes) {
        return open(tag, attributes).text(text).close(tag);
    }

    Markup text(String text) {
        out.append(escape(text));
        return this;
    }

    /** Markup of our own (a doctype, a style sheet), written as it is. */
    Markup raw(String markup) {
        out.append(markup);
        return this;
    }

    private void start(String tag, String... attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name, value pairs, got " + attributes.length);
        }
        out.append('<').append(tag);
        for (int i = 0; i < attributes.length; i += 2) {
            out.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
        }
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
