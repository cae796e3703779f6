package org.crjob.slurm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A directory of stand-in {@code scontrol}, {@code sbatch}, {@code scancel}, {@code srun} and {@code squeue} scripts for the adapter's
 * unit tests: each records its arguments and answers with the output, stderr and exit code the test set.
 * The end-to-end tests in test/ use the real commands against a real Slurm.
 */
final class FakeSlurmBin {
    private static final String SCRIPT = """
            #!/bin/bash
            tool=$(basename "$0"); dir=$(dirname "$0")
            printf '%s\\n' "$tool" "$@" "--" >> "$dir/calls.log"
            [[ -f $dir/$tool.sleep ]] && exec sleep "$(cat "$dir/$tool.sleep")"
            [[ -f $dir/$tool.stdout ]] && cat "$dir/$tool.stdout"
            [[ -f $dir/$tool.stderr ]] && cat "$dir/$tool.stderr" >&2
            exit "$(cat "$dir/$tool.exit" 2>/dev/null || echo 0)"
            """;

    private final Path dir;

    FakeSlurmBin(Path dir) {
        this.dir = dir;
        for (String tool : List.of("scontrol", "sbatch", "scancel", "srun", "squeue")) {
            Path script = dir.resolve(tool);
            write(script, SCRIPT);
            try {
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    Path dir() {
        return dir;
    }

    FakeSlurmBin answers(String tool, String stdout) {
        write(dir.resolve(tool + ".stdout"), stdout);
        return this;
    }

    FakeSlurmBin fails(String tool, int exit, String stderr) {
        write(dir.resolve(tool + ".exit"), Integer.toString(exit));
        write(dir.resolve(tool + ".stderr"), stderr);
        return this;
    }

    FakeSlurmBin hangs(String tool, int seconds) {
        write(dir.resolve(tool + ".sleep"), Integer.toString(seconds));
        return this;
    }

    /** Each call's argument vector, the tool's name first. */
    List<List<String>> calls() {
        Path log = dir.resolve("calls.log");
        if (!Files.exists(log)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<List<String>> calls = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : lines) {
            if (line.equals("--")) {
                calls.add(List.copyOf(current));
                current.clear();
            } else {
                current.add(line);
            }
        }
        return calls;
    }

    static String resource(String name) {
        try (var in = FakeSlurmBin.class.getResourceAsStream("/scontrol/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
