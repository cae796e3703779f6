package org.crjob.engine;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.crjob.failure.UnexpectedStateException;

/**
 * One {@code --state} path and the files it stands for: a regular file, a directory (every regular file under it,
 * e.g. an OpenFOAM time directory or a PyTorch checkpoint directory), or a glob pattern ({@code restart.*},
 * {@code md*.cpt}; {@code *} stays within one directory, {@code **} crosses them). A directory's or pattern's files
 * are named relative to its base: the directory itself, or the part of the pattern before its first wildcard.
 *
 * @param path absolute and normalized
 */
public record StatePath(Path path) {

    /** Directories holding what a restore set aside start so; a pattern's walk never enters them. */
    public static final String SET_ASIDE = "crjob-set-aside-";

    public StatePath {
        path = path.toAbsolutePath().normalize();
    }

    /** Whether the path is a glob pattern: some part of it has {@code * ? [ {}. */
    public boolean pattern() {
        return hasWildcard(path.toString());
    }

    /** Whether it stands for several files under {@link #base}: a pattern, or a directory that exists now. */
    public boolean tree() {
        return pattern() || Files.isDirectory(path);
    }

    /** The directory a tree's files are named relative to; the path itself when it is not a pattern. */
    public Path base() {
        Path base = path.getRoot();
        for (Path part : path) {
            if (hasWildcard(part.toString())) {
                return base;
            }
            base = base.resolve(part);
        }
        return base;
    }

    /** Where the file named {@code relative} goes: the path itself for a plain file (empty name). */
    public Path target(String relative) {
        return relative.isEmpty() ? path : base().resolve(relative);
    }

    /**
     * The regular files it stands for now, by name relative to {@link #base} (sorted), or the file itself under the
     * empty name; empty when there is none.
     */
    public Map<String, Path> files() {
        Map<String, Path> found = new TreeMap<>();
        if (!tree()) {
            if (Files.isRegularFile(path)) {
                found.put("", path);
            }
            return found;
        }
        Path base = base();
        if (!Files.isDirectory(base)) {
            return found;
        }
        PathMatcher matcher = pattern()
                ? FileSystems.getDefault().getPathMatcher("glob:" + base.relativize(path))
                : relative -> true;
        walk(base, relative -> {
            if (matcher.matches(relative)) {
                found.put(relative.toString(), base.resolve(relative));
            }
        });
        return found;
    }

    /**
     * Moves every file it stands for whose name is not in {@code kept} into a new directory {@code
     * crjob-set-aside-gen<N>-<random>} (beside a directory, inside a pattern's base), keeping its relative name;
     * nothing is deleted.
     *
     * @return the side directory and the names moved; empty names when nothing was there to move
     */
    public SetAside setAside(Set<String> kept, int generation) {
        List<String> extra = files().keySet().stream().filter(name -> !name.isEmpty() && !kept.contains(name))
                .toList();
        if (extra.isEmpty()) {
            return new SetAside(null, extra);
        }
        String name = SET_ASIDE + "gen" + generation + "-" + String.format("%08x",
                ThreadLocalRandom.current().nextInt());
        Path side = pattern() ? base().resolve(name) : path.resolveSibling(path.getFileName() + "." + name);
        try {
            for (String relative : extra) {
                Path to = side.resolve(relative);
                Files.createDirectories(to.getParent());
                Files.move(base().resolve(relative), to);
            }
        } catch (IOException e) {
            throw new UnexpectedStateException("cannot set aside the files " + path + " has beyond the restored"
                    + " checkpoint into " + side + ": " + e.getMessage() + "; make it writable, or move them yourself"
                    + " and restart", e);
        }
        return new SetAside(side, extra);
    }

    /** What {@link #setAside} moved: {@code names} into {@code dir} (null when it moved nothing). */
    public record SetAside(Path dir, List<String> names) {
    }

    private static boolean hasWildcard(String text) {
        return text.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    private interface Found {
        void file(Path relative);
    }

    private static void walk(Path base, Found found) {
        List<IOException> failures = new ArrayList<>();
        try {
            Files.walkFileTree(base, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return dir.getFileName().toString().startsWith(SET_ASIDE) ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (Files.isRegularFile(file)) {
                        found.file(base.relativize(file));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    failures.add(e);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            failures.add(e);
        }
        if (!failures.isEmpty()) {
            throw new UnexpectedStateException("cannot list the state files under " + base + ": "
                    + failures.get(0).getMessage() + "; make it readable to crjob", failures.get(0));
        }
    }
}
