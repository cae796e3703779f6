package org.crjob.cli;

/** Quotes a value for a POSIX shell line, so no value can run a command when the line is eval'ed. */
final class ShellQuote {
    private ShellQuote() {
    }

    static String quote(String value) {
        if (!value.isEmpty() && value.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
