package org.crjob.archfixture.outside;

import com.sun.jna.Native;

/** Breaks the JNA rule: libc called outside org.crjob.posix. */
public final class CallsLibc {
    public int errno() {
        return Native.getLastError();
    }
}
