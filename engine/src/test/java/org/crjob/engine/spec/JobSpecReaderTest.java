package org.crjob.engine.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.crjob.engine.EngineKind;
import org.crjob.posix.Signal;
import org.crjob.slurm.SlurmTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobSpecReaderTest {
    @TempDir
    Path dir;

    @Test
    void aFullSpecIsReadIntoItsParts() throws Exception {
        JobSpec spec = read("""
                name: sim
                account: m1234
                qos: debug
                constraint: cpu
                nodes: 2
                time: 06:00:00
                time-min: 2:00:00
                budget: 5-00:00:00
                signal: SIGUSR2
                lead: 300
                engine: signal
                engine-options: {save-signal: INT, checkpoint-timeout: "10:00"}
                command: [./sim, input file.nml]
                state: [out/restart.dat, out/restart2.dat]
                ckpt-dir: /scratch/ckpt
                keep: 3
                interval: 1:00:00
                max-requeues: 9
                min-run: 10
                checkpoint-at: signal
                sbatch: [--mail-type=END]
                modules: dmtcp python
                env: {OMP_NUM_THREADS: 4, NOTE: hello world}
                crjob: /opt/crjob/bin/crjob
                """);

        assertEquals("sim", spec.batch().name());
        assertEquals(Optional.of(2), spec.batch().nodes());
        assertEquals(SlurmTime.parse("6:00:00"), spec.batch().time());
        assertEquals(Optional.of(SlurmTime.parse("5-0")), spec.requeue().budget());
        assertEquals(Signal.USR2, spec.requeue().signal());
        assertEquals(Duration.ofSeconds(300), spec.requeue().lead(), "lead is seconds, as in --signal=B:USR2@300");
        assertEquals(Optional.of(Signal.INT), spec.checkpointing().saveSignal());
        assertEquals(Duration.ofMinutes(10), spec.checkpointing().checkpointTimeout());
        assertEquals(Duration.ofHours(1), spec.checkpointing().interval());
        assertEquals(SlurmTime.ofMinutes(10), spec.requeue().minRun(), "a bare number is minutes, as Slurm reads it");
        assertEquals("signal", spec.requeue().checkpointAt());
        assertEquals(List.of("./sim", "input file.nml"), spec.payload().command());
        assertEquals(List.of("dmtcp", "python"), spec.payload().modules());
        assertEquals(Map.of("OMP_NUM_THREADS", "4", "NOTE", "hello world"), spec.payload().env());
        assertEquals(List.of("--mail-type=END"), spec.batch().extra());
        assertEquals("signal-vt", spec.template());
        assertEquals("chain-link", spec.chainTemplate());
    }

    @Test
    void checkpointAtIsDeadlineUnlessTheSpecSaysSignalAndNothingElseIsAllowed() throws Exception {
        assertEquals("deadline", read("time: 30\ncommand: x").requeue().checkpointAt());
        JobSpecException e = assertThrows(JobSpecException.class,
                () -> read("time: 30\ncommand: x\ncheckpoint-at: later\n"));
        assertTrue(e.getMessage().contains("checkpoint-at: 'later' is not allowed; use deadline or signal"),
                e::getMessage);
    }

    @Test
    void timesAreReadInEverySlurmForm() throws Exception {
        assertEquals(SlurmTime.ofMinutes(30), read("time: 30\ncommand: x").batch().time());
        assertEquals(SlurmTime.ofSeconds(2730), read("time: 45:30\ncommand: x").batch().time());
        assertEquals(SlurmTime.parse("2-12"), read("time: 2-12\ncommand: x").batch().time());
        assertEquals(SlurmTime.parse("1-02:03:04"), read("time: 1-02:03:04\ncommand: x").batch().time());
    }

    @Test
    void anUnknownKeyNamesFileLineColumnAndTheAllowedKeys() throws Exception {
        JobSpecException e = assertThrows(JobSpecException.class, () -> read("name: a\ntime: 10\n  \ntme: 20\n"));

        assertTrue(e.getMessage().startsWith(dir.resolve("job.yaml") + ":4:1: 'tme' is not a job spec key (did you"
                + " mean 'time'?); allowed: name, account, qos"), e.getMessage());
        assertEquals(4, e.location().line());
    }

    @Test
    void aBadTimeSaysWhereAndWhichFormsAreAllowed() {
        JobSpecException e = assertThrows(JobSpecException.class, () -> read("command: x\ntime: 25:61\n"));

        assertTrue(e.getMessage().contains("job.yaml:2:7: time: invalid Slurm time '25:61'"), e.getMessage());
        assertTrue(e.getMessage().contains("accepted forms are minutes"), e.getMessage());
    }

    @Test
    void badValuesSayWhatIsAllowed() {
        assertMessage("time: 10\nnodes: two\n", "job.yaml:2:8: nodes: 'two' is not allowed; use a whole number from 1");
        assertMessage("time: 10\nengine: criu\n", "job.yaml:2:9: engine: 'criu' is not allowed; use signal or dmtcp");
        assertMessage("time: 10\nlead: 1m\n", "lead: '1m' is not a number of seconds; write seconds (e.g. 120)");
        assertMessage("time: 10\nsignal: USR9\n", "signal: unknown signal 'USR9'");
        assertMessage("time: 10\nstate: {a: b}\n", "state: expected a list, e.g. [a, b], found a mapping");
        assertMessage("time: 10\nenv: {1X: a}\n", "env: '1X' is not a variable name");
        assertMessage("time: 10\ntime: 20\n", "job.yaml:2:1: 'time' is given twice (first at line 1); keep one");
        assertMessage("time: [10\n", "not valid YAML");
        assertMessage("- a\n- b\n", "a job spec is a mapping of keys to values");
    }

    @Test
    void keysThatDoNotFitTogetherAreRefused() {
        assertMessage("time: 10\ntime-min: 20\n", "job.yaml:2:11: time-min: 00:20:00 is longer than time (00:10:00)");
        assertMessage("time: 2\nlead: 120\n", "job.yaml:2:7: lead: 120 s is not allowed with time 00:02:00");
        assertMessage("time: 2\nlead: 0\n", "lead: 0 s is not allowed with time 00:02:00; the signal must come before");
        assertMessage("time: 10\nengine: dmtcp\nstate: [a]\n", "state: state files are for the signal engine");
        assertMessage("time: 10\nengine: dmtcp\nstop-file: STOP\n", "job.yaml:3:12: stop-file: a stop file asks an"
                + " application that saves itself (the signal engine)");
        assertMessage("time: 10\nengine: dmtcp\nengine-options: {save-signal: USR2}\n",
                "job.yaml:3:18: 'save-signal' is not an option of the dmtcp engine; allowed: gzip");
        assertMessage("command: x\n", "time is missing: the time limit of one run, e.g. time: 12:00:00");
    }

    @Test
    void valuesForSbatchLinesCannotCarryAnotherOptionOrALine() {
        assertMessage("time: 10\nname: a b\n", "name: 'a b' cannot go on an #SBATCH line: it holds a blank");
        assertMessage("time: 10\naccount: \"m1\\n#SBATCH --qos=premium\"\n", "it holds a line break");
        assertMessage("time: 10\nqos: \"x'y\"\n", "it holds a quote");
        assertMessage("time: 10\nconstraint: cpu#x\n", "it holds '#'");
        assertMessage("time: 10\nsbatch: [mail-type=END]\n", "sbatch: 'mail-type=END' is not an sbatch option");
        assertMessage("time: 10\nsbatch: [--mail-type=END --requeue]\n", "it holds a blank");
    }

    @Test
    void aOneLineCommandWithShellSyntaxIsRefusedNotRunThroughAShell() {
        assertMessage("time: 10\ncommand: ./sim > out.log\n", "command: '>' in './sim > out.log' would reach the"
                + " program as a plain character: crjob runs the command without a shell. Write it as a list");
        assertMessage("time: 10\ncommand: echo $(id)\n", "command: '$'");
        assertMessage("time: 10\ncommand: a; b\n", "command: ';'");
    }

    @Test
    void aListCommandIsTakenWordForWord() throws Exception {
        JobSpec spec = read("time: 10\ncommand: [bash, -c, 'echo $(id); rm x', \"it's\"]\n");

        assertEquals(List.of("bash", "-c", "echo $(id); rm x", "it's"), spec.payload().command());
    }

    @Test
    void setOverridesKeysAndNestedKeys() throws Exception {
        Path file = write("time: 10\ncommand: ./a\nenv: {A: 1}\n");

        JobSpec spec = JobSpecReader.read(file, List.of("time=06:00:00", "env.B=two words", "state=[x.dat, y.dat]",
                "engine-options.checkpoint-timeout=60", "account="));

        assertEquals(SlurmTime.parse("6:00:00"), spec.batch().time());
        assertEquals(Map.of("A", "1", "B", "two words"), spec.payload().env());
        assertEquals(List.of("x.dat", "y.dat"), spec.checkpointing().state());
        assertEquals(Duration.ofSeconds(60), spec.checkpointing().checkpointTimeout());
        assertEquals(Optional.empty(), spec.batch().account());
    }

    @Test
    void aBadSetNamesTheArgument() throws Exception {
        Path file = write("time: 10\ncommand: ./a\n");

        JobSpecException e = assertThrows(JobSpecException.class, () -> JobSpecReader.read(file, List.of("time=xyz")));
        assertTrue(e.getMessage().startsWith("--set time=xyz: time: invalid Slurm time 'xyz'"), e.getMessage());
        JobSpecException noEquals = assertThrows(JobSpecException.class, () -> JobSpecReader.read(file, List.of("time")));
        assertTrue(noEquals.getMessage().contains("write --set KEY=VALUE"), noEquals.getMessage());
        JobSpecException unknown = assertThrows(JobSpecException.class,
                () -> JobSpecReader.read(file, List.of("walltime=10")));
        assertTrue(unknown.getMessage().startsWith("--set walltime=10: 'walltime' is not a job spec key"),
                unknown.getMessage());
    }

    @Test
    void aSpecFromSetsAloneSaysWhatIsMissing() {
        JobSpecException e = assertThrows(JobSpecException.class,
                () -> JobSpecReader.fromSets(List.of("command=./a"), EngineKind.SIGNAL.id()));

        assertEquals("--set: time is missing: the time limit of one run, e.g. time: 12:00:00 (--set time=...)",
                e.getMessage());
    }

    @Test
    void aMissingFileSaysHowToStart() {
        JobSpecException e = assertThrows(JobSpecException.class,
                () -> JobSpecReader.read(dir.resolve("nope.yaml"), List.of()));

        assertTrue(e.getMessage().contains("no such file (crjob new writes one to start from)"), e.getMessage());
    }

    @Test
    void aSpecOverOneMebibyteIsRefusedBeforeItIsParsed() throws Exception {
        Path file = write("name: sim\ncommand: [./sim]\nenv: {NOTE: \"" + "x".repeat(2 * 1024 * 1024) + "\"}\n");

        JobSpecException e = assertThrows(JobSpecException.class, () -> JobSpecReader.read(file, List.of()));

        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("more than a job spec's limit of 1 MiB"), e.getMessage());
    }

    @Test
    void yamlAliasesAnchorsAndTagsAreRefusedWithTheirPlace() throws Exception {
        // an alias used to become its own name as a string: command: *x ran the program "x"
        assertMessageAt("name: sim\ntime: 1:00:00\ncommand: *x\n", ":3:10: ", "YAML alias '*x'");
        assertMessageAt("name: &n sim\ntime: 1:00:00\ncommand: [./sim]\n", ":1:7: ", "YAML anchor '&n'");
        // a tag used to be dropped in silence
        assertMessageAt("name: sim\ntime: 1:00:00\ncommand: !!python/object/apply:os.system [ls]\n", ":3:10: ",
                "YAML tag");
    }

    private void assertMessageAt(String yaml, String at, String expected) {
        JobSpecException e = assertThrows(JobSpecException.class, () -> read(yaml), yaml);
        assertTrue(e.getMessage().contains("job.yaml" + at), "expected 'job.yaml" + at + "' in: " + e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    private void assertMessage(String yaml, String expected) {
        JobSpecException e = assertThrows(JobSpecException.class, () -> read(yaml), yaml);
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    private JobSpec read(String yaml) throws Exception {
        return JobSpecReader.read(write(yaml), List.of());
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("job.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
