package org.crjob.e2e;

import static org.awaitility.Awaitility.await;
import static org.crjob.e2e.VariableTimeJobs.CRJOB;
import static org.crjob.e2e.VariableTimeJobs.PATIENCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.crjob.posix.Signal;
import org.crjob.slurm.SignalTarget;
import org.junit.jupiter.api.Test;

/** Issue 17 part 1 on the real local Slurm: a --state directory and a --state pattern through requeues. */
class StateTreesE2ETest extends VariableTimeJobsTest {

    /**
     * Counts like examples/counting, but saves into a directory (state/count.txt, state/meta/last), written whole
     * into a temporary directory and renamed into place as PyTorch users do, and one restart.N file per save. It
     * refuses to restart (exit 3) from state that is not exactly what it saved.
     */
    private static final String TREE_COUNT = """
            #!/bin/bash
            set -u
            out=count.txt
            if [[ -n ${CRJOB_GENERATION:-} && -f state/count.txt ]]; then
                [[ -e state/stray.txt || -e restart.stray ]] && { echo "tree-count: stray files in the state"; exit 3; }
                [[ $(cat state/meta/last) == $(tail -n 1 state/count.txt) ]] || { echo "tree-count: torn state"; exit 3; }
                cp state/count.txt "$out"
            else
                : > "$out"
            fi
            n=$(tail -n 1 "$out"); n=${n:-0}
            save() {
                rm -rf state.tmp && mkdir -p state.tmp/meta && cp "$out" state.tmp/count.txt && echo "$n" > state.tmp/meta/last
                rm -rf state.old; [[ -d state ]] && mv state state.old; mv state.tmp state; rm -rf state.old
                echo "$n" > restart.tmp && mv restart.tmp "restart.$n"
                : > "$CRJOB_DONE_FILE"
            }
            trap save USR1
            while ((n < COUNT_TO)); do
                n=$((n + 1)); echo "$n" >> "$out"
                sleep 0.1 & wait $!
            done
            """;

    @Test
    void aStateDirectoryAndAPatternComeBackExactlyAsCapturedThroughTwoRequeues() throws Exception {
        BatchScripts.write(dir, "tree-count.sh", TREE_COUNT);
        // what a run killed after its last checkpoint might leave: a restart must set it aside, not start on it
        String id = jobs.submitScript("-t 5 --comment=00:30:00 --signal=B:USR1@60",
                "export COUNT_TO=80\n"
                + "if [[ ${SLURM_RESTART_COUNT:-0} -gt 0 ]]; then echo stray > state/stray.txt;"
                + " echo stray > restart.stray; fi\n"
                + "exec " + CRJOB + " run --min-run 1 --state state --state 'restart.*' -- ./tree-count.sh\n");

        for (int run = 1; run <= 2; run++) {
            int before = jobs.counted().size();
            await().atMost(PATIENCE).until(() -> jobs.counted().size() >= before + 5);
            jobs.slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);
            jobs.awaitRequeued(id, run);
            jobs.releaseUntilRunning(id);
        }
        jobs.runsAgainToCompletion(id);

        jobs.assertEveryNumberCountedOnce(80);
        assertTrue(jobs.log().contains("restarting from checkpoint generation 2"), jobs.log());
        assertTrue(jobs.log().contains("set aside the files written after generation 2 was captured"), jobs.log());
        assertEquals(List.of("stray.txt"), setAside("state.crjob-set-aside-gen2-", dir), "nothing deleted");
        assertEquals(List.of("restart.stray"), setAside("crjob-set-aside-gen2-", dir));
    }

    /** The files in the one side directory of {@code dir} whose name starts with {@code prefix}. */
    private static List<String> setAside(String prefix, Path dir) throws Exception {
        try (Stream<Path> entries = Files.list(dir)) {
            Path side = entries.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
            try (Stream<Path> files = Files.list(side)) {
                return files.map(p -> p.getFileName().toString()).toList();
            }
        }
    }
}
