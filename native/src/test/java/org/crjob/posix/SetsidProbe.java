package org.crjob.posix;

/** Run in a child JVM by {@link PosixIdentityTest}: calls setsid twice and prints what happened. */
final class SetsidProbe {

    private SetsidProbe() {
    }

    public static void main(String[] args) {
        System.out.println(Posix.getpid());
        System.out.println("setsid=" + Posix.setsid());
        System.out.println("pgrp=" + Posix.getpgrp());
        try {
            Posix.setsid();
            System.out.println("second: succeeded");
        } catch (PosixException e) {
            System.out.println("second: " + e.getMessage());
        }
    }
}
