package org.crjob.engine.coordinator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.crjob.engine.AppSpec;
import org.crjob.engine.jobfiles.JobPaths;
import org.crjob.engine.jobfiles.StateFile;
import org.crjob.engine.launch.AppEnvironment;
import org.crjob.engine.launch.AppLauncher;
import org.crjob.engine.launch.RemoteRegistry;
import org.crjob.engine.protocol.CoordinatorClient;
import org.crjob.engine.protocol.CoordinatorInfo;
import org.crjob.posix.Signal;

/**
 * What {@code crjob launch} does, as a process of its own for {@link DaemonFixture}: runs the application
 * under the coordinator that {@code STATE_FILE} names and exits with the application's status.
 * It must be another process: {@link AppLauncher} ends every child of its JVM when the application ends,
 * and the test JVM's children include the coordinators under test.
 *
 * <p>{@code DaemonTestLauncher STATE_FILE SIGNAL TIMEOUT_SECONDS STATE_PATH|- -- CMD ARGS...}; the
 * application's working directory is the job's, its environment this process's plus crjob's variables.
 */
final class DaemonTestLauncher {

    private DaemonTestLauncher() {
    }

    public static void main(String[] args) {
        CoordinatorInfo info = StateFile.read(Path.of(args[0]));
        Signal signal = Signal.parse(args[1]);
        Duration timeout = Duration.ofSeconds(Long.parseLong(args[2]));
        List<Path> state = args[3].equals("-") ? List.of() : List.of(Path.of(args[3]));
        if (!args[4].equals("--")) {
            throw new IllegalArgumentException("usage: STATE_FILE SIGNAL TIMEOUT STATE|- -- CMD...");
        }
        List<String> command = Arrays.asList(args).subList(5, args.length);
        Path doneFile = new JobPaths(info.workDir(), info.jobId()).stateDir().resolve("checkpoint.done");
        AppSpec spec = new AppSpec(command, state, signal, doneFile, timeout);
        int status = new AppLauncher(new RemoteRegistry(CoordinatorClient.of(info)))
                .run(spec, AppEnvironment.of(info, spec, Map.of()), info.workDir());
        System.out.println("launcher: the application exited with status " + status);
        System.exit(status);
    }
}
