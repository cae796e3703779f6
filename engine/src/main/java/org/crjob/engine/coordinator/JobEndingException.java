package org.crjob.engine.coordinator;

/**
 * The job is ending (its last checkpoint is taken, or its application is being stopped): the coordinator starts no
 * new application, in particular not the restart of one that saved and quit just before.
 */
public final class JobEndingException extends RequestRefusedException {
    public JobEndingException(String message) {
        super(message);
    }
}
