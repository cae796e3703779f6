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
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
        } catch (IOException e) {
            return false; // gone
        }
        // "pid (comm) S ppid ...": comm may hold blanks and parentheses, so read after the last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return fields.length > 1 && fields[0].equals("Z") && fields[1].equals(Integer.toString(parent));
    }
}
