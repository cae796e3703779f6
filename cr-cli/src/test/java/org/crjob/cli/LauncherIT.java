package org.crjob.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.crjob.neighbour.SecondUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/crjob against the packaged target/crjob.jar (runs in failsafe, after package). */
class LauncherIT {

    private static final Path REPO = Path.of(System.getProperty("crjob.repo")).toAbsolutePath().normalize();
    private static final Path LAUNCHER = REPO.resolve("bin/crjob");
    private static final Path JAR = Path.of(System.getProperty("crjob.jar"));
    private static final String VERSION = System.getProperty("project.version");

    @TempDir
    Path tmp;

    record Result(int exitCode, String out, String err) { }

    private Result run(Path launcher, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().remove("CRJOB_JAR");
        builder.environment().remove("CRJOB_JAVA_OPTS");
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish in 60 s");
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Result run(Path launcher, String... args) throws Exception {
        return run(launcher, Map.of(), args);
    }

    private Path copyOfLauncher(Path prefix) throws IOException {
        Path bin = Files.createDirectories(prefix.resolve("bin"));
        return Files.copy(LAUNCHER, bin.resolve("crjob"), StandardCopyOption.COPY_ATTRIBUTES);
    }

    @Test
    void launcherRunsThroughASymlink() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("crjob"), LAUNCHER);
        Path linkToLink = Files.createSymbolicLink(Files.createDirectories(tmp.resolve("path")).resolve("crjob"),
                link);

        Result result = run(linkToLink, "--version");

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().matches("crjob " + VERSION + " \\(commit .*\\)\nJava (?s).*"), result.out());
        assertEquals("", result.err());
    }

    @Test
    void launcherPassesOnCrjobsExitCode() throws Exception {
        Result result = run(LAUNCHER, "--no-such-option");

        assertEquals(ExitCode.USAGE, result.exitCode());
        assertTrue(result.err().startsWith("crjob: Unknown option: '--no-such-option'"), result.err());
    }

    @Test
    void launcherWithoutAJarExitsFourAndSaysHowToBuildIt() throws Exception {
        Path launcher = copyOfLauncher(tmp.resolve("prefix"));

        Result result = run(launcher, "--version");

        assertEquals(ExitCode.INTERNAL, result.exitCode());
        assertTrue(result.err().startsWith("crjob: cannot find crjob.jar"), result.err());
        assertTrue(result.err().contains("mvn -B -q package -DskipTests"), result.err());
        assertEquals("", result.out());
    }

    @Test
    void launcherFindsTheJarOfAnInstalledLayout() throws Exception {
        Path prefix = tmp.resolve("prefix");
        Path launcher = copyOfLauncher(prefix);
        Files.copy(JAR, Files.createDirectories(prefix.resolve("lib/crjob")).resolve("crjob.jar"));

        Result result = run(launcher, "--version");

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().startsWith("crjob " + VERSION), result.out());
    }

    @Test
    void launcherRejectsACrjobJarThatIsNoFile() throws Exception {
        Result result = run(LAUNCHER, Map.of("CRJOB_JAR", tmp.resolve("missing.jar").toString()), "--version");

        assertEquals(ExitCode.INTERNAL, result.exitCode());
        assertTrue(result.err().startsWith("crjob: CRJOB_JAR is set to '" + tmp.resolve("missing.jar")),
                result.err());
    }

    @Test
    void forRunTheLauncherIgnoresOnlyTheTrapSignalUntilTheJvmHandlesIt() throws Exception {
        // A fake java that prints which signals it starts with ignored (SigIgn, a hex mask: bit N-1 for signal N)
        Path fakeJava = Files.createDirectories(tmp.resolve("jdk/bin")).resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\ngrep SigIgn /proc/$$/status\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));

        long run = ignoredMask(fakeJava, "run", "--on-signal", "usr2", "--", "./sim", "--on-signal", "USR1");
        long status = ignoredMask(fakeJava, "status");

        assertEquals(1L << 11, run & ((1L << 11) | (1L << 9)), "USR2 (12) ignored, USR1 (10) not: " + run);
        assertEquals(0, status & ((1L << 11) | (1L << 9)), "nothing ignored for other commands: " + status);
    }

    private long ignoredMask(Path fakeJava, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", fakeJava.getParent().getParent().toString());
        builder.environment().put("CRJOB_JAR", JAR.toString());
        builder.environment().put("CRJOB_CDS", "0");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes()).strip();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertTrue(out.startsWith("SigIgn:"), out);
        return Long.parseLong(out.substring("SigIgn:".length()).strip(), 16);
    }

    @Test
    void launcherExecsJavaSoSignalsReachTheJvm() throws Exception {
        // A fake java that reports its PID and arguments: after exec it has the launcher's PID.
        Path fakeJava = Files.createDirectories(tmp.resolve("jdk/bin")).resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\necho \"pid=$$\"\nfor a in \"$@\"; do echo \"arg=$a\"; done\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path out = tmp.resolve("out.txt");
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "status", "two words")
                .redirectOutput(out.toFile())
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", tmp.resolve("jdk").toString());
        builder.environment().put("CRJOB_JAR", JAR.toString());
        builder.environment().put("CRJOB_JAVA_OPTS", "-Dcrjob.test=1  -Xmx300m");
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        List<String> lines = Files.readAllLines(out);

        assertEquals(0, process.exitValue(), String.join("\n", lines));
        assertEquals("pid=" + process.pid(), lines.get(0));
        List<String> args = lines.subList(1, lines.size()).stream().map(l -> l.substring("arg=".length())).toList();
        assertTrue(args.containsAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-XX:-UsePerfData", "-Xss1m", "-Xmx256m")), args.toString());
        // The user's flags come after ours (so they win), then the jar and crjob's arguments, intact.
        assertEquals(List.of("-Xmx256m", "-Dcrjob.test=1", "-Xmx300m", "-jar", JAR.toString(), "status",
                "two words"), args.subList(args.indexOf("-Xmx256m"), args.size()));
    }
    private List<Path> archivesIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).sorted().toList();
        }
    }

    @Test
    void launcherWritesAClassDataArchiveOnceAndStartsFromItAfterwards() throws Exception {
        Path cache = tmp.resolve("cache");
        Map<String, String> env = Map.of("CRJOB_CACHE_DIR", cache.toString());

        Result first = run(LAUNCHER, env, "time", "--seconds", "2-12");
        List<Path> archives = archivesIn(cache);
        Result second = run(LAUNCHER, Map.of("CRJOB_CACHE_DIR", cache.toString(),
                "CRJOB_JAVA_OPTS", "-Xlog:class+load=info:stderr"), "time", "--seconds", "2-12");

        assertEquals(new Result(0, "216000\n", ""), first);
        assertEquals(1, archives.size(), archives.toString());
        assertEquals("216000\n", second.out());
        assertTrue(second.err().contains("org.crjob.cli.Main source: shared objects file (top)"), second.err());
        assertEquals(archives, archivesIn(cache));
    }

    @Test
    void aRebuiltJarGetsANewArchiveAndTheOldOneGoes() throws Exception {
        Path cache = tmp.resolve("cache");
        Path jar = Files.copy(JAR, tmp.resolve("crjob.jar"));
        Map<String, String> env = Map.of("CRJOB_CACHE_DIR", cache.toString(), "CRJOB_JAR", jar.toString());
        run(LAUNCHER, env, "--version");
        List<Path> before = archivesIn(cache);

        Files.setLastModifiedTime(jar, FileTime.fromMillis(
                Files.getLastModifiedTime(jar).toMillis() + 10_000));
        Result rebuilt = run(LAUNCHER, env, "--version");

        assertEquals(0, rebuilt.exitCode(), rebuilt.err());
        assertEquals("", rebuilt.err());
        List<Path> after = archivesIn(cache);
        assertEquals(1, before.size(), before.toString());
        assertEquals(1, after.size(), after.toString());
        assertTrue(!after.equals(before), after + " should have replaced " + before);
    }

    @Test
    void manyCrjobsStartingAtOnceWithoutAnArchiveAllSucceed() throws Exception {
        Path cache = tmp.resolve("cache");
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "time", "--seconds", i + ":00")
                    .redirectOutput(tmp.resolve("out" + i).toFile())
                    .redirectError(tmp.resolve("err" + i).toFile());
            builder.environment().put("CRJOB_CACHE_DIR", cache.toString());
            builder.environment().remove("CRJOB_JAVA_OPTS");
            processes.add(builder.start());
        }
        for (int i = 0; i < processes.size(); i++) {
            assertTrue(processes.get(i).waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, processes.get(i).exitValue(), Files.readString(tmp.resolve("err" + i)));
            assertEquals(i * 60 + "\n", Files.readString(tmp.resolve("out" + i)));
            assertEquals("", Files.readString(tmp.resolve("err" + i)));
        }
        assertEquals(1, archivesIn(cache).size(), archivesIn(cache).toString());
        try (var files = Files.list(cache)) {
            // no temporary file (mktemp's archive.jsa.XXXXXX) left behind
            assertEquals(List.of(), files.filter(f -> !f.toString().endsWith(".jsa")).toList());
        }
    }

    @Test
    void theCacheDirectoryIsCreatedPrivateWhateverTheUmask() throws Exception {
        Path cache = tmp.resolve("cache");

        Result result = run(LAUNCHER, Map.of("CRJOB_CACHE_DIR", cache.toString()), "--version");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cache)));
        assertEquals(1, archivesIn(cache).size(), archivesIn(cache).toString());
    }

    @Test
    void anArchiveAnotherUserPutInASharedCacheDirectoryIsNotLoaded() throws Exception {
        SecondUser mallory = SecondUser.mallory();
        Path cache = SecondUser.shared(tmp.resolve("shared")).resolve("cache");
        Path own = tmp.resolve("own");
        run(LAUNCHER, Map.of("CRJOB_CACHE_DIR", own.toString()), "--version");
        SecondUser.readableByEveryone(own);
        // mallory's copy of a valid archive, under the name this jar and java look for (a planted one could be
        // anything: archived classes skip the verifier)
        SecondUser.Result planted = mallory.sh("mkdir -m 777 '" + cache + "' && cp '" + own + "'/*.jsa '" + cache
                + "'/");
        assertEquals(0, planted.status(), planted.output());

        Result result = run(LAUNCHER, Map.of("CRJOB_CACHE_DIR", cache.toString(),
                "CRJOB_JAVA_OPTS", "-Xlog:class+load=info:stderr"), "time", "--seconds", "2-12");

        assertEquals("216000\n", result.out(), result.err());
        assertFalse(result.err().contains("shared objects file (top)"), "mallory's archive was loaded");
    }

    @Test
    void aColonInTheCachePathIsSaidNotSilentlyIgnored() throws Exception {
        Path cache = tmp.resolve("a:b");

        Result result = run(LAUNCHER, Map.of("CRJOB_CACHE_DIR", cache.toString()), "time", "--seconds", "2-12");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("216000\n", result.out());
        assertTrue(result.err().contains(cache + " has a ':'") && result.err().contains("CRJOB_CACHE_DIR"),
                result.err());
    }

    @Test
    void withCdsOffTheLauncherWritesNoArchive() throws Exception {
        Path cache = tmp.resolve("cache");

        Result result = run(LAUNCHER, Map.of("CRJOB_CACHE_DIR", cache.toString(), "CRJOB_CDS", "0"), "--version");

        assertEquals(0, result.exitCode(), result.err());
        assertEquals(List.of(), archivesIn(cache));
        assertTrue(Files.notExists(cache));
    }

    @Test
    void commandsThatHashCheckpointsKeepC2AndTheOthersStartWithC1Only() throws Exception {
        Path fakeJava = Files.createDirectories(tmp.resolve("jdk2/bin")).resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\nfor a in \"$@\"; do echo \"arg=$a\"; done\n");
        Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> hashing = List.of("run", "launch", "restart", "checkpoints");
        for (String command : List.of("run", "launch", "restart", "checkpoints", "status", "checkpoint")) {
            Path out = tmp.resolve(command + ".txt");
            ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "--verbose", command, "--", "x")
                    .redirectOutput(out.toFile()).redirectErrorStream(true);
            builder.environment().put("JAVA_HOME", tmp.resolve("jdk2").toString());
            builder.environment().put("CRJOB_JAR", JAR.toString());
            Process process = builder.start();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            boolean c1Only = Files.readAllLines(out).contains("arg=-XX:TieredStopAtLevel=1");
            assertEquals(!hashing.contains(command), c1Only, command + ": " + Files.readString(out));
        }
    }
}
