package org.crjob.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.ptr.IntByReference;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The few libc process calls crjob needs, typed. Every failure is a {@link PosixException} that
 * names the call, its arguments and errno, e.g. {@code kill(999999, USR1) failed: ESRCH (No such
 * process)}. Linux only (x86_64, aarch64).
 */
public final class Posix {

    private static final LibC C = LibC.INSTANCE;

    private Posix() {
    }

    public static int getpid() {
        return C.getpid();
    }

    public static int getppid() {
        return C.getppid();
    }

    public static int getuid() {
        return C.getuid();
    }

    /** Our own process group. */
    public static int getpgrp() {
        return C.getpgrp();
    }

    /** The process group of {@code pid}; 0 means ourselves. */
    public static int getpgid(int pid) {
        try {
            return C.getpgid(pid);
        } catch (LastErrorException e) {
            throw new PosixException("getpgid", e.getErrorCode(), pid);
        }
    }

    /** The session of {@code pid}; 0 means ourselves. */
    public static int getsid(int pid) {
        try {
            return C.getsid(pid);
        } catch (LastErrorException e) {
            throw new PosixException("getsid", e.getErrorCode(), pid);
        }
    }

    /**
     * Sends {@code signal} to one process. {@code pid} must be positive: kill(2) reads 0 as "my
     * own group" and -1 as "everything I may signal", which a stray zero or an unset pid must
     * never turn into. Use {@link #killProcessGroup} to signal a group on purpose.
     */
    public static void kill(int pid, Signal signal) {
        if (pid <= 0) {
            throw new IllegalArgumentException("kill needs a positive pid, got " + pid
                    + " (use killProcessGroup for a group)");
        }
        try {
            C.kill(pid, signal.number());
        } catch (LastErrorException e) {
            throw new PosixException("kill", e.getErrorCode(), pid, signal);
        }
    }

    /**
     * Sends {@code signal} to every process in group {@code pgid}, i.e. kill(-pgid). A job and
     * everything it spawned share a group, so this reaches grandchildren that a plain kill of the
     * leader would miss. {@code pgid} must be above 1: kill(-1) would signal every process we may
     * signal, and group 0 would be our own.
     */
    public static void killProcessGroup(int pgid, Signal signal) {
        if (pgid <= 1) {
            throw new IllegalArgumentException("killProcessGroup needs a process group above 1, got " + pgid);
        }
        try {
            C.kill(-pgid, signal.number());
        } catch (LastErrorException e) {
            throw new PosixException("kill", e.getErrorCode(), -pgid, signal);
        }
    }

    /**
     * Whether {@code pid} is running, by sending it signal 0 (existence and permission checks only,
     * nothing is delivered). EPERM means it exists but belongs to someone else, so: alive. A zombie
     * (exited, not yet reaped) is not alive: a coordinator killed -9 under an init that never reaps
     * must not keep its job from starting a new one.
     */
    public static boolean isAlive(int pid) {
        if (pid <= 0) {
            throw new IllegalArgumentException("isAlive needs a positive pid, got " + pid);
        }
        return exists(pid) && !ProcStat.isZombie(pid);
    }

    /**
     * Whether any process is left in group {@code pgid} (kill(-pgid, 0)): a group outlives its leader
     * while children it started are still in it.
     */
    public static boolean isGroupAlive(int pgid) {
        if (pgid <= 1) {
            throw new IllegalArgumentException("isGroupAlive needs a process group above 1, got " + pgid);
        }
        return exists(-pgid);
    }

    /** kill(target, 0): ESRCH means nobody is there; EPERM means someone is, owned by another user. */
    private static boolean exists(int target) {
        try {
            C.kill(target, 0);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.ESRCH) {
                return false;
            }
            if (e.getErrorCode() == Errno.EPERM) {
                return true;
            }
            throw new PosixException("kill", e.getErrorCode(), target, 0);
        }
    }

    /**
     * Reaps {@code pid} if it is a child of ours that has exited and not been reaped (a zombie), and says
     * whether it did. For a subreaper: orphans re-parented to us become our children, and the JVM never
     * waits for children it did not start, so they would stay zombies. Children the JVM started are
     * reaped by its own reaper thread the moment they exit, so a child that stays a zombie is one we
     * adopted; only those are touched (waiting for the JVM's own would steal their exit status).
     */
    public static boolean reapIfZombie(int pid) {
        if (pid <= 0) {
            throw new IllegalArgumentException("reapIfZombie needs a positive pid, got " + pid);
        }
        if (!ProcStat.isZombieChildOf(pid, getpid())) {
            return false;
        }
        try {
            return C.waitpid(pid, null, WNOHANG) == pid;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.ECHILD) {
                return false; // someone else reaped it meanwhile
            }
            throw new PosixException("waitpid", e.getErrorCode(), pid, "WNOHANG");
        }
    }

    /**
     * Waits for child {@code pid} to end and returns its exit status as {@link Process#exitValue()} gives it (the
     * code, or 128 + the signal that killed it), or empty when someone else reaped it first (a subreaper's
     * clean-up of zombies).
     */
    public static OptionalInt awaitExit(int pid) {
        if (pid <= 0) {
            throw new IllegalArgumentException("awaitExit needs a positive pid, got " + pid);
        }
        IntByReference status = new IntByReference();
        while (true) {
            try {
                C.waitpid(pid, status, 0);
                int raw = status.getValue();
                int signal = raw & 0x7f;
                return OptionalInt.of(signal == 0 ? raw >> 8 & 0xff : 128 + signal);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.ECHILD) {
                    return OptionalInt.empty();
                }
                if (e.getErrorCode() != Errno.EINTR) {
                    throw new PosixException("waitpid", e.getErrorCode(), pid, 0);
                }
            }
        }
    }

    /**
     * Waits until child {@code pid} has ended but leaves it a zombie (waitid with WNOWAIT), so its pid cannot be
     * reused until {@link #awaitExit} reaps it: whoever holds that back may still signal the pid safely. Returns
     * false when it is no child of ours any more (someone else reaped it).
     */
    public static boolean awaitEnd(int pid) {
        if (pid <= 0) {
            throw new IllegalArgumentException("awaitEnd needs a positive pid, got " + pid);
        }
        byte[] siginfo = new byte[SIGINFO_BYTES];
        while (true) {
            try {
                C.waitid(P_PID, pid, siginfo, WEXITED | WNOWAIT);
                return true;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.ECHILD) {
                    return false;
                }
                if (e.getErrorCode() != Errno.EINTR) {
                    throw new PosixException("waitid", e.getErrorCode(), "P_PID", pid, "WEXITED|WNOWAIT");
                }
            }
        }
    }

    // waitid(2) from <sys/wait.h>; sizeof(siginfo_t) is 128 on Linux
    private static final int P_PID = 1;
    private static final int WEXITED = 4;
    private static final int WNOWAIT = 0x01000000;
    private static final int SIGINFO_BYTES = 128;

    /** waitpid option: return at once when no child has exited. */
    private static final int WNOHANG = 1;

    /**
     * Makes the caller the leader of a new session and of a new process group, detached from any
     * controlling terminal, and returns the new session id (our pid). Fails with EPERM if the
     * caller already leads a process group.
     */
    public static int setsid() {
        try {
            return C.setsid();
        } catch (LastErrorException e) {
            throw new PosixException("setsid", e.getErrorCode());
        }
    }

    /**
     * Marks this process a child subreaper (PR_SET_CHILD_SUBREAPER). When a descendant's parent
     * exits, the orphan is reparented to us instead of to init, so a job's daemonised
     * grandchildren stay under the coordinator, where it can still find, signal and reap them,
     * rather than escaping a checkpoint or a requeue.
     */
    public static void setChildSubreaper(boolean enabled) {
        try {
            C.prctl(LibC.PR_SET_CHILD_SUBREAPER, enabled ? 1 : 0, 0, 0, 0);
        } catch (LastErrorException e) {
            throw new PosixException("prctl", e.getErrorCode(), "PR_SET_CHILD_SUBREAPER", enabled ? 1 : 0);
        }
    }

    public static boolean isChildSubreaper() {
        IntByReference flag = new IntByReference();
        try {
            C.prctl(LibC.PR_GET_CHILD_SUBREAPER, flag, 0, 0, 0);
        } catch (LastErrorException e) {
            throw new PosixException("prctl", e.getErrorCode(), "PR_GET_CHILD_SUBREAPER");
        }
        return flag.getValue() != 0;
    }

    /**
     * Asks the kernel to send us {@code signal} when our parent dies (PR_SET_PDEATHSIG), so a
     * helper cannot outlive the coordinator that started it. Caveats: "parent" is the thread that
     * forked us, the setting is cleared on fork and on exec of a set-uid binary, and if the parent
     * is already gone no signal ever comes, so check {@link #getppid()} after setting it.
     */
    public static void setParentDeathSignal(Signal signal) {
        setParentDeathSignal(signal.number(), signal);
    }

    /** Undoes {@link #setParentDeathSignal}: nothing is sent when the parent dies. */
    public static void clearParentDeathSignal() {
        setParentDeathSignal(0, 0);
    }

    /** The signal set by {@link #setParentDeathSignal}, or empty if none is set. */
    public static Optional<Signal> parentDeathSignal() {
        IntByReference number = new IntByReference();
        try {
            C.prctl(LibC.PR_GET_PDEATHSIG, number, 0, 0, 0);
        } catch (LastErrorException e) {
            throw new PosixException("prctl", e.getErrorCode(), "PR_GET_PDEATHSIG");
        }
        return number.getValue() == 0 ? Optional.empty() : Optional.of(Signal.of(number.getValue()));
    }

    private static void setParentDeathSignal(int number, Object shownAs) {
        try {
            C.prctl(LibC.PR_SET_PDEATHSIG, number, 0, 0, 0);
        } catch (LastErrorException e) {
            throw new PosixException("prctl", e.getErrorCode(), "PR_SET_PDEATHSIG", shownAs);
        }
    }
}
