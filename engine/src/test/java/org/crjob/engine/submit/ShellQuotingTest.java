package org.crjob.engine.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.crjob.engine.spec.JobSpec;
import org.crjob.engine.spec.JobSpecReader;
import org.crjob.process.CommandResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No value of a job spec can run a command in the script crjob writes: every template is rendered with values
 * full of shell syntax and run by bash, with stand-ins for crjob and module that record what they receive.
 */
class ShellQuotingTest {
    /** Each would create PWNED if a shell ever read it as code. */
    private static final List<String> HOSTILE = List.of("$(touch PWNED)", "`touch PWNED`", "'; touch PWNED; '",
            "\"; touch PWNED; \"", "x\ntouch PWNED", "a; touch PWNED", "a && touch PWNED #", "$HOME \\ * ?");

    @TempDir
    Path dir;

    @Test
    void noValueReachesTheShellAsCode() throws Exception {
        Path crjob = stub("crjob $(touch PWNED) 'q' `touch PWNED`");
        stub("module");
        List<String> command = new ArrayList<>(List.of("./sim"));
        command.addAll(HOSTILE);
        String yaml = "time: 10\n"
                + "command: " + flow(command) + "\n"
                + "state: " + flow(HOSTILE) + "\n"
                + "ckpt-dir: " + flow(List.of("ckpt $(touch PWNED)")).replaceAll("^\\[|\\]$", "") + "\n"
                + "modules: " + flow(List.of("mod; touch PWNED")) + "\n"
                + "env: {NOTE: " + flow(List.of("`touch PWNED` $(touch PWNED)")).replaceAll("^\\[|\\]$", "") + "}\n"
                + "crjob: " + flow(List.of(crjob.toString())).replaceAll("^\\[|\\]$", "") + "\n";
        Path file = dir.resolve("job.yaml");
        Files.writeString(file, yaml);
        JobSpec spec = JobSpecReader.read(file, List.of());
        ScriptRenderer renderer = new ScriptRenderer(Templates.builtIn());

        for (String template : Templates.BUILT_IN) {
            Path script = dir.resolve(template + ".sh");
            Files.writeString(script, renderer.render(template, spec));
            Files.deleteIfExists(dir.resolve("calls"));

            CommandResult result = BashScripts.run(List.of("bash", script.toString()), dir,
                    Map.of("PATH", dir + ":" + System.getenv("PATH")));

            assertFalse(Files.exists(dir.resolve("PWNED")), template + " ran a value as code: " + result);
            List<List<String>> calls = calls();
            assertTrue(calls.contains(List.of("module", "NOTE=", "load", "mod; touch PWNED")), template + ": " + calls);
            List<String> crjobCall = calls.stream().filter(c -> c.get(0).equals(crjob.getFileName().toString())
                    && List.of("run", "launch", "restart").contains(c.get(2))).findFirst().orElseThrow(() ->
                    new AssertionError(template + " never ran the application through crjob: " + calls + result));
            assertEquals("NOTE=`touch PWNED` $(touch PWNED)", crjobCall.get(1), template);
            if (!crjobCall.get(2).equals("restart")) {
                assertEquals(command, crjobCall.subList(crjobCall.indexOf("--") + 1, crjobCall.size()), template);
            }
            for (String state : HOSTILE) {
                assertTrue(crjobCall.contains(state), template + " passes every state file as it is: " + crjobCall);
            }
        }
    }

    /** A YAML flow list with every item double-quoted and escaped. */
    private static String flow(List<String> items) {
        List<String> quoted = new ArrayList<>();
        for (String item : items) {
            quoted.add("\"" + item.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"");
        }
        return "[" + String.join(", ", quoted) + "]";
    }

    /** A program that appends its name, $NOTE and its arguments, NUL-separated, one call per line, to ./calls. */
    private Path stub(String name) throws Exception {
        Path stub = dir.resolve(name);
        Files.writeString(stub, "#!/bin/bash\n{ printf '%s\\0' \"${0##*/}\" \"NOTE=$NOTE\" \"$@\"; echo; } >>calls\n");
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwx------"));
        return stub;
    }

    private List<List<String>> calls() throws Exception {
        if (!Files.exists(dir.resolve("calls"))) {
            return List.of();
        }
        List<List<String>> calls = new ArrayList<>();
        for (String line : Files.readString(dir.resolve("calls")).split("\0\n")) {
            if (!line.isEmpty()) {
                calls.add(Arrays.asList(line.split("\0", -1)));
            }
        }
        return calls;
    }
}
