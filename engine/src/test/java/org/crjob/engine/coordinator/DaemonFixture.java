package org.crjob.engine.coordinator;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.crjob.engine.EngineKind;
import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.engine.protocol.CoordinatorClient;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.posix.Posix;
import org.crjob.posix.PosixException;
import org.crjob.posix.Signal;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real coordinator daemons (and launchers, and starters) for one test, in the test's own directory: starts
 * them, talks to them, and in {@link #close()} makes sure none of them outlives the test, including any
 * process that mentions the test's directory and was not tracked. Registered on a field with
 * {@code @RegisterExtension}, it closes after each test.
 */
final class DaemonFixture implements AfterEachCallback {
    /** A JVM starting on a busy 2-core CI machine can take seconds; give everything plenty. */
    static final Duration READY = Duration.ofSeconds(60);
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final Duration CALL = Duration.ofSeconds(60);

    private final Supplier<Path> dir;
    private final List<Integer> daemons = new CopyOnWriteArrayList<>();
    private final List<Integer> appGroups = new CopyOnWriteArrayList<>();
    private final List<Process> helpers = new CopyOnWriteArrayList<>();
    private final Map<Process, Path> helperLogs = new ConcurrentHashMap<>();

    /**
     * @param dir the test's directory, asked for when first needed: JUnit injects a {@code @TempDir} field only
     *     after it has made the test instance, and with it this fixture
     */
    DaemonFixture(Supplier<Path> dir) {
        this.dir = dir;
    }

    /** A signal-engine coordinator config with a 10 s stop grace. */
    static CoordinatorConfig config(String jobId, Path workDir, Path ckptDir, Duration interval, boolean exitWithApp) {
        return new CoordinatorConfig(jobId, EngineKind.SIGNAL.id(), workDir, ckptDir, 2, interval, exitWithApp,
                Duration.ofSeconds(10));
    }

    CoordinatorInfo start(CoordinatorConfig config) {
        return start(config, 0);
    }

    CoordinatorInfo start(CoordinatorConfig config, int port) {
        CoordinatorInfo info = CoordinatorStarter.start(config, port, READY);
        daemons.add(info.pid());
        return info;
    }

    void trackDaemon(int pid) {
        daemons.add(pid);
    }

    static JobPaths paths(CoordinatorInfo info) {
        return new JobPaths(info.workDir(), info.jobId());
    }

    static JsonNode call(CoordinatorInfo info, String command) {
        return call(info, command, null);
    }

    static JsonNode call(CoordinatorInfo info, String command, ObjectNode args) {
        return CoordinatorClient.of(info).call(command, args, CALL);
    }

    static JsonNode status(CoordinatorInfo info) {
        return call(info, "status");
    }

    static ObjectNode seconds(long seconds) {
        return JsonNodeFactory.instance.objectNode().put("seconds", seconds);
    }

    /**
     * Runs {@code command} under the coordinator as {@code crjob launch} would, in another JVM, with
     * {@code env} added to the application's environment.
     */
    Process launch(CoordinatorInfo info, Signal signal, Duration checkpointTimeout, Path stateFile,
                   Map<String, String> env, List<String> command) {
        List<String> args = new ArrayList<>(List.of(paths(info).stateFile().toString(), signal.name(),
                Long.toString(checkpointTimeout.toSeconds()), stateFile == null ? "-" : stateFile.toString(), "--"));
        args.addAll(command);
        return java(List.of(), DaemonTestLauncher.class, args, env);
    }

    /** The registered application's pid, once the launcher has registered it. */
    int awaitApp(CoordinatorInfo info) {
        JsonNode pid = await().atMost(PATIENCE).until(() -> status(info).get("pid"),
                p -> p != null && p.canConvertToInt());
        appGroups.add(pid.asInt());
        return pid.asInt();
    }

    /** A JVM running {@code main} from the test classpath, its output in a log file in the test's directory. */
    Process java(List<String> prefix, Class<?> main, List<String> args, Map<String, String> env) {
        List<String> argv = new ArrayList<>(prefix);
        argv.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        argv.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx64m", "-cp",
                System.getProperty("java.class.path"), main.getName()));
        argv.addAll(args);
        Path log = dir.get().resolve("helper-" + (helperLogs.size() + 1) + "-" + main.getSimpleName() + ".log");
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            helpers.add(process);
            helperLogs.put(process, log);
            return process;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + argv, e);
        }
    }

    /** Where a helper JVM's output goes. */
    Path log(Process helper) {
        return helperLogs.get(helper);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    /** Fields of /proc/PID/stat after the command name: [0] state, [1] ppid, [2] pgrp, [3] session. */
    static String[] stat(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Whether {@code pid} still runs. A zombie does not: it is reaped when it is our child (adopted while
     * this JVM is a subreaper), and otherwise left to a parent that may never reap it (a container's init).
     */
    static boolean running(int pid) {
        String[] fields = stat(pid);
        if (fields == null) {
            return false;
        }
        if (fields[0].equals("Z")) {
            Posix.reapIfZombie(pid);
            return false;
        }
        return true;
    }

    static void awaitGone(int pid) {
        await().atMost(PATIENCE).until(() -> !running(pid));
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        close();
    }

    private void close() throws InterruptedException {
        for (int group : appGroups) {
            signalGroup(group);
        }
        for (Process helper : helpers) {
            helper.destroyForcibly();
            helper.waitFor(30, TimeUnit.SECONDS);
        }
        for (int pid : daemons) {
            kill(pid);
        }
        for (int group : appGroups) {
            await().atMost(PATIENCE).until(() -> !groupRunning(group));
        }
        for (int pid : daemons) {
            awaitGone(pid);
        }
        // whatever was not tracked but belongs to this test (its directory is in its command line or
        // environment): end it too, and fail when one was a coordinator
        List<String> coordinators = new ArrayList<>();
        for (int pid : strays()) {
            String cmdline = proc(pid, "cmdline");
            if (cmdline.contains(CoordinatorDaemon.class.getName())) {
                coordinators.add(pid + ": " + cmdline);
            }
            kill(pid);
            awaitGone(pid);
        }
        if (!coordinators.isEmpty()) {
            throw new AssertionError("coordinator processes outlived the test: " + coordinators);
        }
    }

    private static void kill(int pid) {
        try {
            if (running(pid)) {
                Posix.kill(pid, Signal.KILL);
            }
        } catch (PosixException gone) {
            // ended meanwhile
        }
    }

    private static void signalGroup(int group) {
        try {
            Posix.killProcessGroup(group, Signal.KILL);
        } catch (PosixException gone) {
            // nobody left in it
        }
    }

    /** Any member of the group that is not a zombie. */
    private static boolean groupRunning(int group) {
        try (Stream<Path> all = Files.list(Path.of("/proc"))) {
            return all.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+")).map(Integer::parseInt)
                    .anyMatch(pid -> {
                        String[] fields = stat(pid);
                        return fields != null && fields[2].equals(Integer.toString(group)) && running(pid);
                    });
        } catch (IOException e) {
            return false;
        }
    }

    /** Live processes other than this one whose command line or environment names the test's directory. */
    private List<Integer> strays() {
        String mark = dir.get().toString();
        int self = Posix.getpid();
        try (Stream<Path> all = Files.list(Path.of("/proc"))) {
            return all.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+")).map(Integer::parseInt)
                    .filter(pid -> pid != self)
                    .filter(pid -> proc(pid, "cmdline").contains(mark) || proc(pid, "environ").contains(mark))
                    .filter(DaemonFixture::running)
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String proc(int pid, String file) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Integer.toString(pid), file)),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** The full path of {@code program} on PATH, e.g. setsid to prefix a helper with. */
    static String pathOf(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(d.isEmpty() ? "." : d, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(program + " is not on PATH");
    }
}
