package org.crjob.posix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's state and parent from /proc/PID/stat (Linux). */
final class ProcStat {
    private ProcStat() {
    }

    /** True when {@code pid} is a zombie whose parent is {@code parent}. */
    static boolean isZombieChildOf(int pid, int parent) {
        String[] fields = fields(pid);
        return fields.length > 1 && fields[0].equals("Z") && fields[1].equals(Integer.toString(parent));
    }

    /** True when {@code pid} is a zombie: exited, not yet reaped. */
    static boolean isZombie(int pid) {
        String[] fields = fields(pid);
        return fields.length > 0 && fields[0].equals("Z");
    }

    /** The fields after the command name: state, ppid, ...; none when the process is gone. */
    private static String[] fields(int pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
        } catch (IOException e) {
            return new String[0];
        }
        // "pid (comm) S ppid ...": comm may hold blanks and parentheses, so read after the last ')'
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }
}
