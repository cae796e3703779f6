package org.crjob.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Code names types by their simple names and imports them: {@code java.nio.file.Files.exists(...)} inline makes a line
 * hard to read. Where two types in one file share a simple name, the one used less stays qualified and is listed in
 * {@link #CLASHING}. (No formatter we could add does this: Spotless has no such step.)
 */
class NoInlineQualifiedNamesTest {

    /** Types whose simple name clashes with a type these files use more (picocli's {@code Command}). */
    private static final List<String> CLASHING = List.of("org.crjob.process.Command");

    private static final Pattern QUALIFIED = Pattern.compile(
            "(?<![\\w.])(?:java|javax|org|com|picocli)(?:\\.[a-z][a-z0-9_]*)+\\.[A-Z]\\w*");

    @Test
    void noSourceFileNamesATypeByItsFullName() throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> sources = sources();
        for (Path file : sources) {
            String code = codeOnly(Files.readString(file));
            String[] lines = code.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.startsWith("import ") || line.startsWith("package ")) {
                    continue;
                }
                Matcher m = QUALIFIED.matcher(lines[i]);
                while (m.find()) {
                    if (!CLASHING.contains(m.group())) {
                        found.add(Path.of("..").relativize(file) + ":" + (i + 1) + " " + m.group());
                    }
                }
            }
        }

        assertTrue(sources.size() > 100, "read the sources of every module: " + sources.size());
        assertEquals(List.of(), found, "import these types instead of naming them in full");
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of(".."))) {
            return files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/")
                    && !f.toString().contains("/target/")).toList();
        }
    }

    /** The text with comments, string and character literals blanked out (line breaks kept). */
    static String codeOnly(String source) {
        StringBuilder out = new StringBuilder(source);
        int i = 0;
        while (i < source.length()) {
            int end = literalOrCommentEnd(source, i);
            if (end > i) {
                for (int k = i; k < end; k++) {
                    if (out.charAt(k) != '\n') {
                        out.setCharAt(k, ' ');
                    }
                }
                i = end;
            } else {
                i++;
            }
        }
        return out.toString();
    }

    private static int literalOrCommentEnd(String s, int i) {
        if (s.startsWith("//", i)) {
            int end = s.indexOf('\n', i);
            return end < 0 ? s.length() : end;
        }
        if (s.startsWith("/*", i)) {
            int end = s.indexOf("*/", i + 2);
            return end < 0 ? s.length() : end + 2;
        }
        if (s.startsWith("\"\"\"", i)) {
            int end = s.indexOf("\"\"\"", i + 3);
            return end < 0 ? s.length() : end + 3;
        }
        char c = s.charAt(i);
        if (c == '"' || c == '\'') {
            int k = i + 1;
            while (k < s.length() && s.charAt(k) != c) {
                k += s.charAt(k) == '\\' ? 2 : 1;
            }
            return Math.min(k + 1, s.length());
        }
        return i;
    }
}
