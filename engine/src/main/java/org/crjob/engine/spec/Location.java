package org.crjob.engine.spec;

/**
 * Where a value of a job spec was written: a file, line and column ({@code job.yaml:3:7}), or a command-line
 * override ({@code --set time=xyz}, line 0).
 */
public record Location(String source, int line, int column) {

    public static Location ofSet(String argument) {
        return new Location("--set " + argument, 0, 0);
    }

    @Override
    public String toString() {
        return line > 0 ? source + ":" + line + ":" + column : source;
    }
}
