package org.crjob.failure;

/** A part of crjob itself is missing or unreadable (a resource of its jar): rebuilding or reinstalling crjob fixes it. */
public final class BrokenInstallationException extends CrjobException {

    private static final long serialVersionUID = 1L;

    public BrokenInstallationException(String message) {
        super(Kind.BROKEN_INSTALLATION, message);
    }
}
