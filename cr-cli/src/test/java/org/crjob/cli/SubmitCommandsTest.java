package org.crjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** crjob new, render and submit --dry-run through Main (submitting for real: test/ on the local Slurm). */
class SubmitCommandsTest {
    @TempDir
    Path dir;

    @Test
    void newWritesAStarterThatRendersAndNeverOverwritesOne() throws Exception {
        Path spec = dir.resolve("job.yaml");

        CliRun created = CliRun.of("new", spec.toString());
        CliRun again = CliRun.of("new", spec.toString());
        CliRun rendered = CliRun.of("render", spec.toString());

        assertEquals(ExitCode.OK, created.exitCode(), created.err());
        assertTrue(Files.readString(spec).contains("\ntime: 01:00:00"), "a commented job.yaml");
        assertEquals(ExitCode.FAILURE, again.exitCode());
        assertTrue(again.err().contains("job.yaml exists: edit it, give another FILE, or use --force"), again.err());
        assertEquals(ExitCode.OK, rendered.exitCode(), rendered.err());
        assertTrue(rendered.out().startsWith("#!/bin/bash\n#SBATCH --job-name=my-job\n"), rendered.out());
        assertEquals(Files.readString(spec), CliRun.of("new", "-").out(), "- prints it");
    }

    @Test
    void renderPrintsTheScriptAndWarnsOnStderr() {
        CliRun run = CliRun.of("render", "signal-vt", "--set", "time=2:00:00", "--set", "budget=1:00:00", "--set",
                "command=./sim in.nml", "--set", "env.OMP_NUM_THREADS=4");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertTrue(run.out().contains("#SBATCH --comment=01:00:00\n"), run.out());
        assertTrue(run.out().contains("export OMP_NUM_THREADS=4\nexec crjob run \\\n"), run.out());
        assertTrue(run.out().endsWith("    -- ./sim in.nml\n"), run.out());
        assertEquals("crjob: warning: the budget (01:00:00) is shorter than one run (time 02:00:00): the first run can"
                + " use it all, and the job will never be requeued; make the budget longer than time, or time"
                + " shorter\n", run.err());
    }

    @Test
    void aBadSpecIsAUsageErrorNamingFileLineAndColumn() throws Exception {
        Path spec = dir.resolve("job.yaml");
        Files.writeString(spec, "time: 10\ncommand: ./sim\nqos: \"debug\n#SBATCH --qos=premium\"\n");

        CliRun run = CliRun.of("render", spec.toString());

        assertEquals(ExitCode.USAGE, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("crjob: " + spec + ":3:6: qos: 'debug #SBATCH --qos=premium' cannot go on an"
                + " #SBATCH line"), run.err());
    }

    @Test
    void renderListsTheTemplatesAndTakesOverridesFromADirectory() throws Exception {
        Files.writeString(dir.resolve("site.sh.mustache"), "#!/bin/bash\n{{> sbatch-common}}\nsrun {{command}}\n");

        CliRun list = CliRun.of("render", "--list", "--templates", dir.toString());
        CliRun site = CliRun.of("render", "site", "--templates", dir.toString(), "--set", "time=5", "--set",
                "command=[./a, b c]");

        assertTrue(list.out().contains("signal-vt       crjob's built-in signal-vt\n"), list.out());
        assertTrue(list.out().contains("site            " + dir.resolve("site.sh.mustache")), list.out());
        assertTrue(site.out().endsWith("#SBATCH --output=%x-%j.out\nsrun ./a 'b c'\n"), site.out() + site.err());
        assertEquals(ExitCode.USAGE, CliRun.of("render").exitCode());
        assertEquals(ExitCode.USAGE, CliRun.of("render", "nope", "--set", "time=5").exitCode());
    }

    @Test
    void aDryRunPrintsTheScriptAndTheSbatchLinesAndWritesNothing() throws Exception {
        Path spec = dir.resolve("count.yaml");
        Files.writeString(spec, "name: count\ntime: 10\ncommand: ./count.sh\nstate: count.ckpt\n");

        CliRun run = CliRun.of("submit", spec.toString(), "--chain", "3", "--dependency", "singleton", "--dry-run");

        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        Path script = Path.of("").toAbsolutePath().resolve(".crjob/submit/count-chain.sh");
        assertTrue(run.out().startsWith("# crjob submit --dry-run: nothing was submitted. The script, " + script
                + " (not written), which every job of the chain runs:\n#!/bin/bash\n"), run.out());
        assertTrue(run.out().contains("--max-requeues 0"), "a chain's jobs do not requeue themselves");
        assertTrue(run.out().endsWith("job3=$(sbatch --parsable --dependency=singleton " + script + ")\n"), run.out());
        assertFalse(Files.exists(script));
    }

    @Test
    void aDryRunInJsonHasTheScriptAndTheCommands() throws Exception {
        Path spec = dir.resolve("count.yaml");
        Files.writeString(spec, "time: 10\ncommand: ./count.sh\n");

        CliRun run = CliRun.of("submit", spec.toString(), "--dry-run", "--json");

        JsonNode json = JsonMixin.mapper().readTree(run.out());
        assertEquals("signal-vt", json.get("template").asText());
        assertTrue(json.get("dryRun").asBoolean());
        assertTrue(json.get("script").asText().contains("exec crjob run"));
        assertEquals(2, json.get("commands").size(), "cd and one sbatch");
    }

    @Test
    void dependencyNeedsAChain() throws Exception {
        Path spec = dir.resolve("count.yaml");
        Files.writeString(spec, "time: 10\ncommand: ./count.sh\n");

        CliRun run = CliRun.of("submit", spec.toString(), "--dependency", "afterok", "--dry-run");

        assertEquals(ExitCode.USAGE, run.exitCode());
        assertEquals("crjob: --dependency links the jobs of a chain: add --chain N\n", run.err());
        assertEquals(ExitCode.USAGE, CliRun.of("submit", spec.toString(), "--chain", "2", "--dependency", "afternotok")
                .exitCode());
    }
}
