package org.crjob.slurm;

import java.util.List;
import java.util.Locale;

/** An sbatch {@code --dependency}: a kind and the jobs it waits for ({@code afterany:12:13}). */
public record Dependency(Kind kind, List<String> jobIds) {

    public enum Kind { AFTER, AFTERANY, AFTEROK, AFTERNOTOK, SINGLETON }

    public Dependency {
        jobIds = List.copyOf(jobIds);
        if (kind == Kind.SINGLETON && !jobIds.isEmpty()) {
            throw new IllegalArgumentException("singleton takes no job ids, got " + jobIds);
        }
        if (kind != Kind.SINGLETON && jobIds.isEmpty()) {
            throw new IllegalArgumentException(kind.name().toLowerCase(Locale.ROOT) + " needs at least one job id");
        }
    }

    public static Dependency singleton() {
        return new Dependency(Kind.SINGLETON, List.of());
    }

    /** The value of sbatch's {@code --dependency=} option. */
    public String toOption() {
        String name = kind.name().toLowerCase(Locale.ROOT);
        return jobIds.isEmpty() ? name : name + ":" + String.join(":", jobIds);
    }
}
