package org.crjob.engine.launch;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.crjob.engine.signal.SignalEngine;
import org.crjob.engine.store.Generation;
import org.crjob.engine.store.StoredFile;

/**
 * Where a signal engine generation's files go: to this run's {@code --state} paths, never to the paths the run that
 * stored them had (the job's directory may have moved since). A stored file ({@code state2-out.dat}) goes to the
 * path at the same place in {@code --state} when it has the same name, else to the one path of that name.
 */
final class StateFileTargets {

    private StateFileTargets() {
    }

    /**
     * @param stateFiles this run's state files, absolute
     * @throws StateFilesMismatchException when a stored file has no path of its name among them, or several
     */
    static Map<String, Path> of(Generation generation, List<Path> stateFiles) {
        Map<String, Path> targets = new LinkedHashMap<>();
        for (StoredFile file : generation.files()) {
            targets.put(file.name(), match(generation, file.name(), stateFiles));
        }
        return targets;
    }

    private static Path match(Generation generation, String stored, List<Path> stateFiles) {
        List<String> names = IntStream.range(0, stateFiles.size())
                .mapToObj(i -> SignalEngine.storedName(i, stateFiles.get(i))).toList();
        int samePlace = names.indexOf(stored);
        if (samePlace >= 0) {
            return stateFiles.get(samePlace);
        }
        String fileName = stored.replaceFirst("^state\\d+-", "");
        List<Path> sameName = IntStream.range(0, stateFiles.size())
                .filter(i -> names.get(i).replaceFirst("^state\\d+-", "").equals(fileName))
                .mapToObj(stateFiles::get).toList();
        if (sameName.size() == 1) {
            return sameName.get(0);
        }
        throw new StateFilesMismatchException(generation, fileName, stateFiles, sameName.size());
    }
}
