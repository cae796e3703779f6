package org.crjob.engine.submit;

import java.util.ArrayList;
import java.util.List;
import org.crjob.engine.EngineKind;
import org.crjob.engine.spec.JobSpec;

/**
 * The crjob options a spec turns into: for {@code crjob run}, {@code start-coordinator}, {@code launch} and
 * {@code restart}. All of them are written out, defaults too, so a script says everything it does and keeps
 * doing it whatever a later crjob's defaults are.
 */
final class CrjobArguments {
    private final JobSpec spec;
    private final boolean signalEngine;

    CrjobArguments(JobSpec spec) {
        this.spec = spec;
        this.signalEngine = EngineKind.SIGNAL.is(spec.checkpointing().engine());
    }

    /** {@code crjob run}, in groups (one line each): engine, state files, store, requeueing. */
    List<List<String>> run(int maxRequeues) {
        JobSpec.Checkpointing c = spec.checkpointing();
        List<String> engine = new ArrayList<>(List.of("--engine", c.engine(), "--on-signal",
                spec.requeue().signal().name()));
        engine.addAll(saving());
        engine.addAll(gzip());
        List<String> store = new ArrayList<>(store());
        List<String> requeue = List.of("--checkpoint-at", spec.requeue().checkpointAt(), "--max-requeues",
                Integer.toString(maxRequeues), "--min-run", spec.requeue().minRun().format());
        return List.of(engine, stateFiles(), store, requeue);
    }

    /** {@code crjob start-coordinator}. */
    List<String> coordinator() {
        List<String> args = new ArrayList<>(List.of("--engine", spec.checkpointing().engine()));
        args.addAll(store());
        return args;
    }

    /** {@code crjob launch}: how the application is asked to save, and what. */
    List<String> application() {
        List<String> args = new ArrayList<>(saving());
        args.addAll(gzip());
        args.addAll(stateFiles());
        return args;
    }

    /** {@code crjob restart}: as launch; the command comes from the checkpoint. */
    List<String> restart() {
        List<String> args = new ArrayList<>(List.of("--ckpt-dir", spec.checkpointing().ckptDir()));
        args.addAll(saving());
        args.addAll(stateFiles());
        return args;
    }

    /** Signal engine: the signal or stop file that asks the application to save, and how long it may take. */
    private List<String> saving() {
        JobSpec.Checkpointing c = spec.checkpointing();
        if (!signalEngine) {
            return List.of();
        }
        List<String> args = new ArrayList<>();
        c.saveSignal().ifPresent(signal -> args.addAll(List.of("--signal", signal.name())));
        c.stopFile().ifPresent(stopFile -> args.addAll(List.of("--stop-file", stopFile)));
        args.addAll(List.of("--checkpoint-timeout", Long.toString(c.checkpointTimeout().toSeconds())));
        return args;
    }

    /** DMTCP engine: uncompressed images. */
    private List<String> gzip() {
        return signalEngine || spec.checkpointing().gzip() ? List.of() : List.of("--no-gzip");
    }

    private List<String> stateFiles() {
        List<String> args = new ArrayList<>();
        for (String file : spec.checkpointing().state()) {
            args.add("--state");
            args.add(file);
        }
        return args;
    }

    private List<String> store() {
        JobSpec.Checkpointing c = spec.checkpointing();
        List<String> args = new ArrayList<>(List.of("--ckpt-dir", c.ckptDir(), "--keep", Integer.toString(c.keep())));
        if (!c.interval().isZero()) {
            args.addAll(List.of("--interval", Long.toString(c.interval().toSeconds())));
        }
        return args;
    }
}
