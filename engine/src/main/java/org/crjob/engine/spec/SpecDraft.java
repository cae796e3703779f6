package org.crjob.engine.spec;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crjob.engine.EngineKind;
import org.crjob.posix.Signal;
import org.crjob.slurm.SlurmTime;

/**
 * A job spec being read: the defaults, overwritten key by key ({@link SpecKeys}), then checked as a whole by
 * {@link #build}. Remembers where each key was written, for messages about how keys fit together.
 */
final class SpecDraft {
    final Map<String, Location> where = new HashMap<>();
    final Location document;

    String name = "crjob";
    String account;
    String qos;
    String partition;
    String constraint;
    Integer nodes;
    SlurmTime time;
    SlurmTime timeMin;
    String output = "%x-%j.out";
    String error;
    List<String> extra = List.of();

    SlurmTime budget;
    Signal signal = Signal.USR1;
    Duration lead = Duration.ofSeconds(120);
    int maxRequeues = 50;
    SlurmTime minRun = SlurmTime.ofMinutes(5);
    String checkpointAt = "deadline";

    String engine;
    YamlNode.Mapping engineOptions;
    List<String> state = List.of();
    String stopFile;
    String ckptDir = "crjob.ckpt";
    int keep = 2;
    Duration interval = Duration.ZERO;

    List<String> command;
    Map<String, String> env = new LinkedHashMap<>();
    List<String> modules = List.of();
    String crjob = "crjob";

    String template;
    String chainTemplate = "chain-link";

    SpecDraft(Location document, String defaultEngine) {
        this.document = document;
        this.engine = defaultEngine;
    }

    JobSpec build() {
        requireGiven("time", time, "the time limit of one run, e.g. time: 12:00:00");
        if (timeMin != null && timeMin.compareTo(time) > 0) {
            throw new JobSpecException(where.get("time-min"), "time-min: " + timeMin.format() + " is longer than time ("
                    + time.format() + "); time-min must not exceed time");
        }
        if (lead.isZero() || lead.compareTo(time.toDuration()) >= 0 || lead.toSeconds() > 65_535) {
            throw new JobSpecException(where.getOrDefault("lead", document), "lead: " + lead.toSeconds() + " s is not"
                    + " allowed with time " + time.format() + "; the signal must come before the limit and after the"
                    + " job starts: use 1 or more seconds, fewer than the time limit (and at most 65535, Slurm's limit)");
        }
        if (!state.isEmpty() && !EngineKind.SIGNAL.is(engine)) {
            throw new JobSpecException(where.get("state"), "state: state files are for the signal engine (the"
                    + " application saves them); the " + engine + " engine captures the whole process: remove state");
        }
        if (stopFile != null && !EngineKind.SIGNAL.is(engine)) {
            throw new JobSpecException(where.get("stop-file"), "stop-file: a stop file asks an application that saves"
                    + " itself (the signal engine); the " + engine + " engine captures the whole process: remove it");
        }
        EngineOptions options = EngineOptions.read(engine, engineOptions);
        JobSpec.Batch batch = new JobSpec.Batch(name, opt(account), opt(qos), opt(partition), opt(constraint),
                Optional.ofNullable(nodes), time, opt(timeMin), opt(output), opt(error), extra);
        JobSpec.Requeue requeue = new JobSpec.Requeue(opt(budget), signal, lead, maxRequeues, minRun,
                checkpointAt);
        Optional<Signal> saveSignal = Optional.ofNullable(options.saveSignal())
                .or(() -> stopFile == null ? Optional.of(Signal.USR1) : Optional.empty());
        JobSpec.Checkpointing checkpointing = new JobSpec.Checkpointing(engine, saveSignal,
                options.checkpointTimeout(), options.gzip(), state, ckptDir, keep, interval, opt(stopFile));
        JobSpec.Payload payload = new JobSpec.Payload(command == null ? List.of() : command, env, modules, crjob);
        String single = template != null ? template : engine + "-vt";
        return new JobSpec(batch, requeue, checkpointing, payload, single, chainTemplate);
    }

    private void requireGiven(String key, Object value, String what) {
        if (value == null) {
            throw new JobSpecException(document, key + " is missing: " + what
                    + (document.line() == 0 ? " (--set " + key + "=...)" : ""));
        }
    }

    private static <T> Optional<T> opt(T value) {
        return Optional.ofNullable(value);
    }
}
