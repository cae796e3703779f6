package org.crjob.failure;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * The system's reason for a failed file operation, for a user's message: Java's {@link AccessDeniedException} and
 * {@link NoSuchFileException} carry only the file's name, which alone reads as no reason at all.
 */
public final class IoReasons {
    private IoReasons() {
    }

    /** E.g. {@code permission denied}, {@code No space left on device}. */
    public static String of(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "it already exists";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** The failure with the file it concerns, e.g. {@code /ckpt/.staging-2-1a2b/state.dat: No space left on device}. */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException fse && fse.getFile() != null) {
            return fse.getFile() + (fse.getOtherFile() != null ? " -> " + fse.getOtherFile() : "") + ": " + of(e);
        }
        return of(e);
    }
}
