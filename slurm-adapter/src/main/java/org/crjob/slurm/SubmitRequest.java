package org.crjob.slurm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One {@code sbatch} submission: the script, sbatch options (each one argument, e.g. {@code --time=10}),
 * an optional dependency, the directory to submit from, and arguments for the script itself.
 */
public record SubmitRequest(Path script, List<String> options, Optional<Dependency> dependency,
                            Optional<Path> submitDir, List<String> scriptArgs) {

    public SubmitRequest {
        options = List.copyOf(options);
        scriptArgs = List.copyOf(scriptArgs);
    }

    public static SubmitRequest of(Path script) {
        return new SubmitRequest(script, List.of(), Optional.empty(), Optional.empty(), List.of());
    }

    public SubmitRequest withOptions(String... more) {
        List<String> all = new ArrayList<>(options);
        all.addAll(List.of(more));
        return new SubmitRequest(script, all, dependency, submitDir, scriptArgs);
    }

    public SubmitRequest withDependency(Dependency dep) {
        return new SubmitRequest(script, options, Optional.of(dep), submitDir, scriptArgs);
    }

    public SubmitRequest from(Path dir) {
        return new SubmitRequest(script, options, dependency, Optional.of(dir), scriptArgs);
    }

    public SubmitRequest withScriptArgs(String... args) {
        return new SubmitRequest(script, options, dependency, submitDir, List.of(args));
    }

    /**
     * The command line that submits this request ({@code sbatch --parsable [--dependency=...] OPTIONS SCRIPT ARGS}),
     * run from {@link #submitDir()}: what {@link SlurmCommands#submit} runs, and what a dry run shows.
     */
    public List<String> sbatchArgv() {
        List<String> argv = new ArrayList<>(List.of("sbatch", "--parsable"));
        dependency.ifPresent(d -> argv.add("--dependency=" + d.toOption()));
        argv.addAll(options);
        argv.add(script.toString());
        argv.addAll(scriptArgs);
        return argv;
    }
}
