package org.crjob.engine.launch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.crjob.engine.StatePath;
import org.crjob.engine.store.Generation;
import org.crjob.engine.store.StoredFile;
import org.crjob.joblog.JobLog;

/**
 * Makes each restored directory or pattern exactly as captured: files the application added after the capture are
 * moved into a side directory (never deleted: nothing is lost), said in one line of the job's log.
 */
final class StateTrees {

    private StateTrees() {
    }

    /** @param roots each stored state's name with the path it was restored to ({@link StateFileTargets#roots}) */
    static void setAsideExtras(Generation generation, Map<String, Path> roots, JobLog log) {
        List<String> said = new ArrayList<>();
        roots.forEach((root, path) -> {
            Set<String> kept = generation.files().stream().map(StoredFile::name)
                    .filter(name -> name.startsWith(root + "/"))
                    .map(StateFileTargets::relative).collect(Collectors.toSet());
            if (kept.isEmpty()) {
                return; // a plain file: the restore replaced it
            }
            StatePath.SetAside moved = new StatePath(path).setAside(kept, generation.number());
            if (!moved.names().isEmpty()) {
                said.add(moved.names().size() + " from " + path + " (" + String.join(", ", moved.names()) + ") into "
                        + moved.dir());
            }
        });
        if (!said.isEmpty()) {
            log.warning("set aside the files written after generation " + generation.number() + " was captured, so"
                    + " the state is exactly as captured (nothing deleted): " + String.join("; ", said));
        }
    }
}
