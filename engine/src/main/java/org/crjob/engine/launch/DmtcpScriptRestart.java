package org.crjob.engine.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.crjob.engine.EngineKind;
import org.crjob.engine.RestartInfo;
import org.crjob.engine.dmtcp.DmtcpJobScript;
import org.crjob.engine.dmtcp.DmtcpRestartScript;
import org.crjob.engine.store.CheckpointStore;
import org.crjob.engine.store.Generation;
import org.crjob.engine.store.StoredFile;
import org.crjob.failure.UnexpectedStateException;
import org.crjob.joblog.JobLog;

/**
 * The restart of a job script that runs DMTCP's own {@code ./dmtcp_restart_script.sh} (NERSC's scripts do, after a
 * requeue): the newest DMTCP generation restored, as {@link RestartPlan} restores any, and the script linked where
 * the job script looks for it. Here, beside {@link RestartPlan}, rather than in the dmtcp package, which restores
 * nothing itself.
 */
public final class DmtcpScriptRestart {

    private DmtcpScriptRestart() {
    }

    /**
     * Puts the newest complete generation's images, {@code _files} and restart script back at their original
     * absolute paths and points {@code <workDir>/dmtcp_restart_script.sh} (a symbolic link) at that restart script,
     * which connects to the coordinator named by {@code DMTCP_COORD_HOST}/{@code DMTCP_COORD_PORT}. A regular file
     * of that name (not crjob's link) is left alone, with a warning.
     *
     * @return the link, or empty when the store has no DMTCP generation that verifies
     */
    public static Optional<Path> restore(Path ckptDir, Path workDir, int restarts, JobLog log) {
        if (CheckpointStore.read(ckptDir).newestVerified(JobLog.silent()).filter(g -> EngineKind.DMTCP.id().equals(g.engine()))
                .isEmpty()) {
            return Optional.empty();
        }
        Generation generation = RestartPlan.prepare(ckptDir, List.of(), Math.max(1, restarts), log).generation();
        String scriptName = generation.files().stream().map(StoredFile::name)
                .filter(DmtcpRestartScript::isScriptName).findFirst().orElseThrow(() -> new UnexpectedStateException(
                        "generation " + generation.number() + " has no DMTCP restart script"));
        Path script = RestartInfo.of(generation).targets().get(scriptName);
        Path link = workDir.resolve(DmtcpJobScript.RESTART_SCRIPT_LINK);
        try {
            if (Files.exists(link, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(link)) {
                log.warning(link + " is not crjob's link, left alone; the restart script of checkpoint"
                        + " generation " + generation.number() + " is " + script);
                return Optional.empty();
            }
            Path temp = workDir.resolve("." + DmtcpJobScript.RESTART_SCRIPT_LINK + ".crjob-tmp");
            Files.deleteIfExists(temp);
            Files.createSymbolicLink(temp, script);
            Files.move(temp, link, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UnexpectedStateException("cannot link " + link + " to " + script + ": " + e.getMessage(), e);
        }
        log.event("checkpoint generation " + generation.number() + " restored for ./"
                + DmtcpJobScript.RESTART_SCRIPT_LINK);
        return Optional.of(link);
    }
}
