package org.crjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, item 4: an {@link IllegalArgumentException} or {@link IllegalStateException} is a bug of crjob's, which
 * the CLI reports as "internal error" with exit 4. A message that tells the user what to do ("restart the
 * coordinator", "give it after --") is about the user's mistake or the world's state: it must be a typed exception
 * (a {@code CrjobException} of its kind) so that it exits with its own code, without the internal-error wording.
 * This reads the main sources of every module and names each such message still thrown untyped.
 */
class AdviceIsNeverAnInternalErrorTest {

    private static final List<String> MODULES = List.of("native", "slurm-adapter", "engine", "cr-cli");

    private static final Pattern UNTYPED = Pattern.compile("new Illegal(?:Argument|State)Exception\\(");

    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    /**
     * An imperative that tells a user what to do, where a clause starts: at the message's start, after ':', ';' or
     * '(', or after "and"/"or" ("see the log and restart the coordinator"). The same words inside a clause are
     * nouns ("no restart script", "a run cannot take") or option names ("--min-run").
     */
    private static final Pattern ADVICE = Pattern.compile("(?:^|[:;(]\\s*|,\\s+(?:and\\s+|or\\s+)?|\\s(?:and|or)\\s+)"
            + "(?:run|restart|use|give|set|unset|check|remove|try|rebuild|add|drop|rename|choose|put|see|leave|chmod"
            + "|install|start it)\\b");

    /**
     * Advice to crjob's own code: a precondition of an internal call, never reached from a value a user typed or a
     * state of the world. Keyed by the file and the message's start.
     */
    private static final Map<String, String> ADVICE_TO_PROGRAMMERS = Map.of(
            "Posix.java", "kill needs a positive pid",
            "CoordinatorServer.java", "the coordinator needs a token",
            "RequestFailedException.java", "reply code ",
            "EventLog.java", "event field ");

    @Test
    void noUntypedExceptionTellsTheUserWhatToDo() throws IOException {
        List<String> found = new ArrayList<>();
        for (String module : MODULES) {
            Path sources = Path.of("..", module, "src", "main", "java");
            assertTrue(Files.isDirectory(sources), sources + " exists");
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    found.addAll(adviceIn(file));
                }
            }
        }
        assertEquals(List.of(), found, "messages that tell the user what to do, thrown as an internal error (exit 4);"
                + " throw the typed exception of their kind (org.crjob.failure) instead");
    }

    @Test
    void theScanFindsAdviceInAnUntypedException() {
        String source = "throw new IllegalStateException(\"cannot read \" + file + \"; restart the coordinator\"\n"
                + "        + \" (crjob quit)\", e);\nthrow new IllegalArgumentException(\"a run (\" + pid + \") has no"
                + " restart script; --min-run is 0\");";

        assertEquals(List.of("X.java:1: cannot read ; restart the coordinator (crjob quit)"),
                advice("X.java", source));
    }

    private static List<String> adviceIn(Path file) throws IOException {
        return advice(file.toString(), Files.readString(file));
    }

    private static List<String> advice(String file, String source) {
        List<String> found = new ArrayList<>();
        Matcher untyped = UNTYPED.matcher(source);
        while (untyped.find()) {
            String message = literals(source.substring(untyped.end(), argumentsEnd(source, untyped.end())));
            if (ADVICE.matcher(message.toLowerCase(Locale.ROOT)).find() && !toProgrammers(file, message)) {
                int line = (int) source.substring(0, untyped.start()).chars().filter(c -> c == '\n').count() + 1;
                found.add(file + ":" + line + ": " + message);
            }
        }
        return found;
    }

    private static boolean toProgrammers(String file, String message) {
        return ADVICE_TO_PROGRAMMERS.entrySet().stream()
                .anyMatch(e -> file.endsWith("/" + e.getKey()) && message.startsWith(e.getValue()));
    }

    /** Where the constructor's arguments end: the parenthesis that closes the one before {@code from}. */
    private static int argumentsEnd(String source, int from) {
        int depth = 1;
        boolean inString = false;
        for (int i = from; i < source.length(); i++) {
            char c = source.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return source.length();
    }

    private static String literals(String arguments) {
        StringBuilder message = new StringBuilder();
        Matcher string = STRING.matcher(arguments);
        while (string.find()) {
            message.append(string.group(1));
        }
        return message.toString();
    }
}
