package org.crjob.engine.spec;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crjob.posix.Signal;
import org.crjob.slurm.SlurmTime;

/**
 * A checked job spec ({@code job.yaml}): what crjob needs to write the job's sbatch script. Read by
 * {@link JobSpecReader}; every value in it has passed its checks, so rendering cannot fail on a value.
 *
 * @param template      the template of a single (variable-time) job
 * @param chainTemplate the template every job of a chain runs
 */
public record JobSpec(Batch batch, Requeue requeue, Checkpointing checkpointing, Payload payload, String template,
                      String chainTemplate) {
    /**
     * What goes on {@code #SBATCH} lines; every text is safe there ({@link SbatchValue}).
     *
     * @param time  one run's limit
     * @param extra more sbatch options, one per line, e.g. {@code --mail-type=END}
     */
    public record Batch(String name, Optional<String> account, Optional<String> qos, Optional<String> partition,
                        Optional<String> constraint, Optional<Integer> nodes, SlurmTime time,
                        Optional<SlurmTime> timeMin, Optional<String> output, Optional<String> error,
                        List<String> extra) {
        public Batch {
            extra = List.copyOf(extra);
        }
    }

    /**
     * The variable-time part.
     *
     * @param budget the time all runs may take together ({@code --comment})
     * @param signal Slurm's pre-termination signal, sent {@code lead} before the limit
     * @param checkpointAt after that signal: {@code deadline} (crjob's own, the default) or {@code signal} (at once)
     */
    public record Requeue(Optional<SlurmTime> budget, Signal signal, Duration lead, int maxRequeues,
                          SlurmTime minRun, String checkpointAt) {
    }

    /**
     * @param saveSignal        signal engine: what asks the application to save; empty when a stop file alone does
     * @param checkpointTimeout signal engine: how long it may take to save
     * @param gzip              dmtcp engine: compressed images
     * @param state             signal engine: the files the application saves to
     * @param stopFile          signal engine: the file crjob creates to ask it to save and stop, {@code PATH[=CONTENT]}
     */
    public record Checkpointing(String engine, Optional<Signal> saveSignal, Duration checkpointTimeout, boolean gzip,
                                List<String> state, String ckptDir, int keep, Duration interval,
                                Optional<String> stopFile) {
        public Checkpointing {
            state = List.copyOf(state);
        }
    }

    /**
     * @param command the program and its arguments, word for word; empty when the spec gives none (a template
     *                that restarts what a checkpoint recorded needs none)
     * @param env     variables exported before it runs
     * @param modules environment modules loaded first ({@code module load}); none on a machine without modules
     * @param crjob   how the job runs crjob: {@code crjob} from PATH, or a path to the launcher
     */
    public record Payload(List<String> command, Map<String, String> env, List<String> modules, String crjob) {
        public Payload {
            command = List.copyOf(command);
            env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
            modules = List.copyOf(modules);
        }
    }
}
