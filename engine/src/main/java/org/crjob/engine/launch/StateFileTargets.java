package org.crjob.engine.launch;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.crjob.engine.StatePath;
import org.crjob.engine.signal.SignalEngine;
import org.crjob.engine.store.Generation;
import org.crjob.engine.store.StoredFile;

/**
 * Where a signal engine generation's files go: to this run's {@code --state} paths, never to the paths the run that
 * stored them had (the job's directory may have moved since). A stored state ({@code state2-out.dat}, or a directory
 * or pattern's {@code state1-ckpt/...}) goes to the path at the same place in {@code --state} when it has the same
 * name, else to the one path of that name; a directory or pattern's files go under it by their relative names.
 */
final class StateFileTargets {

    private StateFileTargets() {
    }

    /**
     * @param stateFiles this run's state files, absolute
     * @throws StateFilesMismatchException when a stored state has no path of its name among them, or several
     */
    static Map<String, Path> of(Generation generation, List<Path> stateFiles) {
        return expand(generation, roots(generation, stateFiles));
    }

    /** Each stored state's name (before any {@code /}) with the {@code --state} path it goes to. */
    static Map<String, Path> roots(Generation generation, List<Path> stateFiles) {
        Map<String, Path> roots = new LinkedHashMap<>();
        for (StoredFile file : generation.files()) {
            String root = root(file.name());
            roots.computeIfAbsent(root, r -> match(generation, r, stateFiles));
        }
        return roots;
    }

    /** Every file of {@code generation} with its target, each under the path given for its stored state. */
    static Map<String, Path> expand(Generation generation, Map<String, Path> roots) {
        Map<String, Path> targets = new LinkedHashMap<>();
        for (StoredFile file : generation.files()) {
            Path root = roots.get(root(file.name()));
            if (root != null) {
                targets.put(file.name(), new StatePath(root).target(relative(file.name())));
            }
        }
        return targets;
    }

    /** The stored state a file belongs to: {@code state1-ckpt} for {@code state1-ckpt/model.pt}. */
    static String root(String storedName) {
        int slash = storedName.indexOf('/');
        return slash < 0 ? storedName : storedName.substring(0, slash);
    }

    /** A file's name within its directory or pattern; empty for a plain state file. */
    static String relative(String storedName) {
        int slash = storedName.indexOf('/');
        return slash < 0 ? "" : storedName.substring(slash + 1);
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
