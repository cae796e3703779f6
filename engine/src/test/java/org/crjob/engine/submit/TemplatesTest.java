package org.crjob.engine.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.crjob.engine.spec.JobSpec;
import org.crjob.engine.spec.JobSpecReader;
import org.crjob.failure.InvalidValueException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped templates: all of them render into scripts bash accepts, and the overrides from a directory. */
class TemplatesTest {
    private static final Path REPO_TEMPLATES = Path.of("").toAbsolutePath().getParent().resolve("templates");

    @TempDir
    Path dir;

    @Test
    void theBuiltInListIsEveryTemplateInTheRepository() throws IOException {
        TreeSet<String> files = new TreeSet<>();
        try (Stream<Path> list = Files.list(REPO_TEMPLATES)) {
            list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(Templates.SUFFIX) && !n.startsWith("_"))
                    .forEach(n -> files.add(n.substring(0, n.length() - Templates.SUFFIX.length())));
        }

        assertEquals(files, new TreeSet<>(Templates.BUILT_IN));
        assertEquals(List.copyOf(files), Templates.builtIn().names());
    }

    @Test
    void everyTemplateRendersAScriptThatBashAccepts() throws Exception {
        JobSpec spec = JobSpecReader.read(starter(), List.of("account=m1234", "qos=debug", "time-min=30",
                "modules=[dmtcp]", "env.OMP_NUM_THREADS=4", "sbatch=[--mail-type=END]", "interval=600"));
        ScriptRenderer renderer = new ScriptRenderer(Templates.builtIn());
        for (String template : Templates.BUILT_IN) {
            String script = renderer.render(template, spec);

            assertTrue(script.startsWith("#!/bin/bash\n#SBATCH --job-name=my-job\n#SBATCH --account=m1234\n"), script);
            assertTrue(script.contains("#SBATCH --time=01:00:00\n#SBATCH --time-min=00:30:00\n"), script);
            assertTrue(script.contains("#SBATCH --signal=B:USR1@120\n"), template);
            assertTrue(script.contains("\nmodule load dmtcp\nexport OMP_NUM_THREADS=4\n"), script);
            assertTrue(!script.contains("{{") && !script.contains("\n\n"), template + " leaves no gaps or tags:\n" + script);
            BashScripts.syntaxCheck(dir.resolve(template + ".sh"), script);
        }
    }

    @Test
    void theExamplesJobSpecsRenderAsSingleJobsAndAsChains() throws Exception {
        List<Path> specs;
        try (Stream<Path> files = Files.walk(REPO_TEMPLATES.resolveSibling("examples"))) {
            specs = files.filter(f -> f.toString().endsWith(".yaml")).toList();
        }
        assertTrue(specs.size() >= 2, specs.toString());
        for (Path spec : specs) {
            for (boolean chain : List.of(false, true)) {
                RenderedJob job = RenderedJob.fromSpecFile(spec, List.of(), Templates.builtIn(), dir, chain);
                BashScripts.syntaxCheck(dir.resolve("example.sh"), job.script());
                assertEquals(List.of(), job.warnings(), spec + (chain ? " as a chain" : ""));
            }
        }
    }

    @Test
    void theVariableTimeTemplatesCarryTheRulesOfAVariableTimeJob() throws Exception {
        JobSpec spec = JobSpecReader.read(starter(), List.of());
        for (String template : List.of("signal-vt", "dmtcp-vt")) {
            String script = new ScriptRenderer(Templates.builtIn()).render(template, spec);
            SbatchHeader header = SbatchHeader.of(script);

            assertEquals(Optional.of("1-00:00:00"), header.last("--comment"), template);
            assertEquals(Optional.of("append"), header.last("--open-mode"), template);
            assertTrue(header.flag("--requeue", "--no-requeue"), template);
            assertTrue(script.contains("\nexec crjob run \\\n    --engine signal --on-signal USR1"), script);
            assertTrue(script.endsWith("    --checkpoint-at deadline --max-requeues 50 --min-run 00:05:00 \\\n    -- ./sim input.nml\n"),
                    script);
        }
    }

    @Test
    void aJobSpecsStopFileAsksWithTheFileAloneUnlessASaveSignalIsGivenToo() {
        String alone = new ScriptRenderer(Templates.builtIn()).render("signal-vt", ScriptRenderer.specFor("signal-vt",
                List.of("time=10", "command=lmp", "stop-file=STOP")));
        String both = new ScriptRenderer(Templates.builtIn()).render("signal-vt", ScriptRenderer.specFor("signal-vt",
                List.of("time=10", "command=lmp", "stop-file=STOP", "engine-options.save-signal=INT")));

        assertTrue(alone.contains("--engine signal --on-signal USR1 --stop-file STOP --checkpoint-timeout 300"), alone);
        assertTrue(both.contains("--on-signal USR1 --signal INT --stop-file STOP --checkpoint-timeout 300"), both);
    }

    @Test
    void theDmtcpTemplatesDefaultToTheDmtcpEngine() {
        String script = new ScriptRenderer(Templates.builtIn()).render("dmtcp-start",
                ScriptRenderer.specFor("dmtcp-start", List.of("time=10", "command=./payload.sh", "interval=120",
                        "engine-options.gzip=false")));

        assertTrue(script.contains("eval \"$(crjob start-coordinator --engine dmtcp --ckpt-dir crjob.ckpt --keep 2"
                + " --interval 120)\"\n"), script);
        assertTrue(script.contains("crjob launch --no-gzip -- ./payload.sh &\n"), script);
    }

    @Test
    void aTemplateThatRunsTheCommandNeedsOne() {
        JobSpec noCommand = ScriptRenderer.specFor("signal-vt", List.of("time=10"));

        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> new ScriptRenderer(Templates.builtIn()).render("signal-vt", noCommand));
        assertTrue(e.getMessage().contains("cannot render template signal-vt (crjob's built-in signal-vt): line"),
                e.getMessage());
        assertTrue(e.getMessage().contains("uses {{command}}, which this job spec does not give: add command:"),
                e.getMessage());
        // restarting runs what the checkpoint recorded: no command needed
        new ScriptRenderer(Templates.builtIn()).render("dmtcp-restart", noCommand);
    }

    @Test
    void aTemplateInTheDirectoryReplacesTheShippedOneOfItsName() throws Exception {
        Files.writeString(dir.resolve("signal-vt.sh.mustache"), "#!/bin/bash\n{{> sbatch-common}}\n# site {{name}}\n");
        Files.writeString(dir.resolve("mine.sh.mustache"), "#!/bin/bash\necho {{command}}\n");
        JobSpec spec = ScriptRenderer.specFor("signal-vt", List.of("time=10", "command=./a b"));

        Templates fromOption = Templates.of(Optional.of(dir), Map.of());
        Templates fromEnv = Templates.of(Optional.empty(), Map.of(Templates.ENV, dir.toString()));

        for (Templates templates : List.of(fromOption, fromEnv)) {
            ScriptRenderer renderer = new ScriptRenderer(templates);
            assertTrue(renderer.render("signal-vt", spec).endsWith("#SBATCH --output=%x-%j.out\n# site crjob\n"));
            assertEquals("#!/bin/bash\necho ./a b\n", renderer.render("mine", spec));
            assertTrue(renderer.render("chain-link", spec).contains("--max-requeues 0"), "the others still ship");
            assertTrue(templates.names().contains("mine"));
        }
    }

    @Test
    void anUnknownTemplateListsTheTemplatesThereAre() {
        InvalidValueException e = assertThrows(InvalidValueException.class,
                () -> Templates.builtIn().template("signal"));

        assertEquals("no template 'signal'; there are: chain-link, dmtcp-restart, dmtcp-start, dmtcp-vt, signal-vt",
                e.getMessage());
        assertThrows(InvalidValueException.class, () -> Templates.of(Optional.of(dir.resolve("none")), Map.of()));
    }

    private Path starter() throws IOException {
        Path file = dir.resolve("job.yaml");
        Files.writeString(file, Templates.builtIn().starterSpec());
        return file;
    }

    @Test
    void aJobSpecsStateDirectoryAndPatternReachCrjobRunAsTheyAreWritten() throws Exception {
        JobSpec spec = JobSpecReader.read(starter(), List.of("state=[ckpt/, 'restart.*']"));

        String script = new ScriptRenderer(Templates.builtIn()).render("signal-vt", spec);

        assertTrue(script.contains("--state ckpt/ --state 'restart.*'"), "the shell must not expand the pattern:\n"
                + script);
    }
}
