package org.crjob.e2e;

import static org.awaitility.Awaitility.await;
import static org.crjob.e2e.VariableTimeJobs.COUNT;
import static org.crjob.e2e.VariableTimeJobs.PATIENCE;
import static org.crjob.e2e.VariableTimeJobs.REPO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.crjob.posix.Signal;
import org.crjob.slurm.SignalTarget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * crjob installed for a site with scripts/install (issue 19, part 1), used as a user would: in a fresh login shell
 * with Debian's Lmod, and in a job on the local Slurm.
 */
class InstalledCrjobE2ETest extends VariableTimeJobsTest {
    static final Path LMOD = Path.of("/usr/share/lmod/lmod/init/bash");

    @TempDir
    static Path prefix;

    @BeforeAll
    static void installIntoATemporaryPrefix() {
        assumeTrue(Files.exists(LMOD), "Debian's lmod is not installed (scripts/test-packages installs it)");
        Crjob.Result install = Crjob.exec(List.of(REPO.resolve("scripts/install").toString(), prefix.toString()),
                REPO, Map.of());
        assertEquals(0, install.exitCode(), install::toString);
    }

    @Test
    void moduleLoadCrjobGivesTheInstalledCommandItsManPagesAndItsCompletion() {
        Crjob.Result shell = loginShell("module use " + prefix.resolve("modulefiles") + "; module load crjob\n"
                + "command -v crjob; crjob --version\n"
                + "MANPAGER=cat man crjob-run | head -n 4\n"
                + "source \"${XDG_DATA_DIRS%%:*}/bash-completion/completions/crjob\"\n"
                + "COMP_WORDS=(crjob ''); COMP_CWORD=1; _complete_crjob 2>/dev/null; echo \"commands: ${COMPREPLY[*]}\"\n"
                + "COMP_WORDS=(crjob run --); COMP_CWORD=2; _complete_crjob 2>/dev/null; echo \"run: ${COMPREPLY[*]}\"\n");

        assertEquals(0, shell.exitCode(), shell::toString);
        assertTrue(shell.out().startsWith(prefix.resolve("bin/crjob") + "\n"), shell::toString);
        assertTrue(shell.out().matches("(?s).*\\ncrjob \\S+ \\(commit [0-9a-f]{12}(-dirty)?\\)\\n.*"), shell::toString);
        assertTrue(shell.out().matches("(?s).*NAME\\s+crjob-run - Run the application.*"), shell::toString);
        assertTrue(shell.out().matches("(?s).*\\ncommands: run .*checkpoints .*submit .*"), shell::toString);
        assertTrue(shell.out().matches("(?s).*\\nrun: .*--on-preempt .*--max-requeues .*"), shell::toString);
    }

    @Test
    void aJobThatLoadsTheModuleRunsTheInstalledCrjobAndRequeues() throws Exception {
        String id = jobs.submitScript("-t 5 --comment=01:00:00 --signal=B:USR1@60",
                "source /etc/profile\n"
                + "module use " + prefix.resolve("modulefiles") + "; module load crjob\n"
                + "echo \"crjob is $(command -v crjob)\"\n"
                + "export COUNT_TO=40 COUNT_STEP=0.2\n"
                + "exec crjob run --min-run 1 --state count.ckpt -- " + COUNT + "\n");
        await().atMost(PATIENCE).until(() -> jobs.counted().size() >= 5);
        jobs.slurm.signal(id, Signal.USR1, SignalTarget.BATCH_SHELL);
        jobs.awaitRequeued(id, 1);
        jobs.runsAgainToCompletion(id);

        assertTrue(jobs.log().contains("crjob is " + prefix.resolve("bin/crjob") + "\n"), jobs.log());
        assertTrue(jobs.log().contains("count: restarted from checkpoint generation 1"), jobs.log());
        jobs.assertEveryNumberCountedOnce(40);
    }

    /**
     * {@code bash -l -c SCRIPT} with only HOME, USER, JAVA_HOME (as a site's {@code module load java} sets it) and a
     * system PATH: a user's fresh login.
     */
    private static Crjob.Result loginShell(String script) {
        return Crjob.exec(List.of("env", "-i", "HOME=" + System.getProperty("user.home"),
                "USER=" + System.getProperty("user.name"), "JAVA_HOME=" + System.getProperty("java.home"),
                "PATH=/usr/local/bin:/usr/bin:/bin", "bash", "-l", "-c", script),
                prefix, Map.of());
    }
}
