package org.crjob.engine.spec;

/**
 * Values that go on {@code #SBATCH} lines. sbatch splits those lines at blanks, reads {@code #} as the start
 * of a comment and interprets quotes and backslashes, and a line break would start a new line of the script:
 * a value holding any of them could smuggle in another option or a command, so it is refused, not escaped.
 */
public final class SbatchValue {
    private SbatchValue() {
    }

    /**
     * @return {@code value}, when it can stand on an {@code #SBATCH} line as it is
     * @throws JobSpecException naming the key, the offending character and what to do
     */
    public static String check(String key, String value, Location location) {
        if (value.isEmpty()) {
            throw new JobSpecException(location, key + ": empty; give a value or leave the key out");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String problem = problem(c);
            if (problem != null) {
                throw new JobSpecException(location, key + ": '" + printable(value) + "' cannot go on an #SBATCH line:"
                        + " it holds " + problem + ", and sbatch splits those lines at blanks, reads # as a comment and"
                        + " interprets quotes and backslashes; use a value without blanks, quotes, backslashes or #");
            }
        }
        return value;
    }

    private static String problem(char c) {
        if (c == '\n' || c == '\r') {
            return "a line break";
        }
        if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
            return "a blank";
        }
        if (Character.isISOControl(c)) {
            return "a control character";
        }
        return switch (c) {
            case '#' -> "'#'";
            case '\'', '"' -> "a quote";
            case '\\' -> "a backslash";
            default -> null;
        };
    }

    private static String printable(String value) {
        return value.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    }
}
