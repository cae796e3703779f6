package org.crjob.posix;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts a program with posix_spawn: standard input from /dev/null, standard output and error appended to a log
 * file (opened without following a symbolic link), one descriptor of ours placed at the number the program expects,
 * every signal at its default action and none blocked (the JVM's threads block some, and a child inherits its
 * spawning thread's mask). Only {@code org.crjob.process} calls this: it owns the child from then on (its reaping).
 */
public final class Spawn {
    private static final SpawnLibC C = SpawnLibC.INSTANCE;
    private static final int LOG_MODE = 0600;

    private Spawn() {
    }

    /**
     * @param argv    the program (a path) and its arguments
     * @param env     its whole environment
     * @param log     where its stdout and stderr go (appended; created 0600)
     * @param fd      a descriptor of ours the child gets...
     * @param childFd ...at this number
     * @return the child's pid
     */
    public static int spawn(List<String> argv, Map<String, String> env, Path log, int fd, int childFd) {
        try (Memory actions = new Memory(SpawnLibC.SPAWN_STRUCT_BYTES);
             Memory attributes = new Memory(SpawnLibC.SPAWN_STRUCT_BYTES);
             Memory signals = new Memory(SpawnLibC.SIGSET_BYTES)) {
            check("posix_spawn_file_actions_init", C.posix_spawn_file_actions_init(actions));
            check("posix_spawnattr_init", C.posix_spawnattr_init(attributes));
            try {
                describeFiles(actions, log, fd, childFd);
                defaultSignals(attributes, signals);
                IntByReference pid = new IntByReference();
                String[] envp = env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new);
                check("posix_spawn", C.posix_spawn(pid, argv.get(0), actions, attributes,
                        argv.toArray(String[]::new), envp), argv.get(0));
                return pid.getValue();
            } finally {
                C.posix_spawnattr_destroy(attributes);
                C.posix_spawn_file_actions_destroy(actions);
            }
        }
    }

    private static void describeFiles(Pointer actions, Path log, int fd, int childFd) {
        check("posix_spawn_file_actions_addopen", C.posix_spawn_file_actions_addopen(actions, 0, "/dev/null",
                LibC.O_RDONLY, 0), "/dev/null");
        check("posix_spawn_file_actions_addopen", C.posix_spawn_file_actions_addopen(actions, 1, log.toString(),
                LibC.O_WRONLY | LibC.O_CREAT | LibC.O_APPEND | LibC.O_NOFOLLOW, LOG_MODE), log);
        check("posix_spawn_file_actions_adddup2", C.posix_spawn_file_actions_adddup2(actions, 1, 2), 1, 2);
        check("posix_spawn_file_actions_adddup2", C.posix_spawn_file_actions_adddup2(actions, fd, childFd), fd,
                childFd);
    }

    private static void defaultSignals(Pointer attributes, Pointer signals) {
        check("sigfillset", C.sigfillset(signals));
        check("posix_spawnattr_setsigdefault", C.posix_spawnattr_setsigdefault(attributes, signals));
        check("sigemptyset", C.sigemptyset(signals));
        check("posix_spawnattr_setsigmask", C.posix_spawnattr_setsigmask(attributes, signals));
        check("posix_spawnattr_setflags", C.posix_spawnattr_setflags(attributes,
                (short) (SpawnLibC.POSIX_SPAWN_SETSIGDEF | SpawnLibC.POSIX_SPAWN_SETSIGMASK)));
    }

    /** The spawn functions return the error number itself (0 for success); the sigset ones -1 with errno set. */
    private static void check(String call, int result, Object... arguments) {
        if (result > 0) {
            throw new PosixException(call, result, arguments);
        }
        if (result < 0) {
            throw new PosixException(call, Native.getLastError(), arguments);
        }
    }
}
