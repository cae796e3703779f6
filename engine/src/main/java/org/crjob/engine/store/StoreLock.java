package org.crjob.engine.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crjob.joblog.JobLog;
import org.crjob.posix.PrivatePaths;

/**
 * The exclusive lock on a checkpoint directory: an OS lock on {@code .lock}, whose content names the
 * holder so the job that is refused can say who has it.
 *
 * <p>Java's file locks are POSIX record locks, which belong to the process and vanish when <em>any</em>
 * descriptor of the file closes in that process. A second open-lock-close of {@code .lock} in this JVM
 * would therefore silently unlock the first holder. So this JVM's holders are also kept in a table,
 * consulted before the file is ever opened: a second store on the same directory in this JVM is refused
 * from the table, with the same message, and never touches the file.
 */
final class StoreLock implements AutoCloseable {

    static final String FILE_NAME = ".lock";

    /** Lock files this JVM holds, by file key (device and inode), with their holders. Guarded by the class. */
    private static final Map<Object, String> HELD = new HashMap<>();

    /**
     * Channels that must never close: see {@link #acquire}. Only code outside this class locking
     * {@code .lock} can put one here. Guarded by the class.
     */
    private static final List<FileChannel> PARKED = new ArrayList<>();

    private final Object key;
    private final FileChannel channel;

    private StoreLock(Object key, FileChannel channel) {
        this.key = key;
        this.channel = channel;
    }

    /**
     * Takes the lock on {@code dir} (which must exist) for {@code owner}.
     *
     * @throws StoreLockedException when another process, or another store in this one, holds it
     */
    static synchronized StoreLock acquire(Path dir, String owner, JobLog log) {
        Path file = dir.resolve(FILE_NAME);
        try {
            if (Files.exists(file, NOFOLLOW_LINKS)) {
                PrivatePaths.requireOwnAndPrivate(file, "the checkpoint directory's lock file");
                String holder = HELD.get(keyOf(file));
                if (holder != null) {
                    throw new StoreLockedException(dir, holder);
                }
            }
            // no link followed (one made since the check is refused by the kernel), created 0600
            FileChannel channel = FileChannel.open(file, Set.of(CREATE, READ, WRITE, NOFOLLOW_LINKS),
                    PrivatePaths.fileMode());
            Object key = keyOf(file);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException lockedElsewhereInThisJvm) {
                // Not by a store (HELD says so) but by other code; closing this channel would release
                // that lock, so the channel stays open for the life of the JVM.
                PARKED.add(channel);
                throw new StoreLockedException(dir, holderNamedIn(channel));
            } catch (IOException unsupported) {
                // e.g. Lustre mounted without -o flock answers ENOSYS; refusing to run there would make
                // crjob useless on such a site, so carry on unprotected and say so
                channel.close();
                log.warning("cannot lock " + file + " (" + DurableFiles.reason(unsupported)
                        + "): nothing stops a second job from writing " + dir
                        + "; make sure every job has its own --ckpt-dir");
                HELD.put(key, owner);
                return new StoreLock(key, null);
            }
            if (lock == null) {
                String other = holderNamedIn(channel);
                // this JVM holds no lock on the file (HELD says so), so closing releases nothing
                channel.close();
                throw new StoreLockedException(dir, other);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((owner + "\n").getBytes(UTF_8)), 0);
            channel.force(true);
            HELD.put(key, owner);
            return new StoreLock(key, channel);
        } catch (IOException e) {
            throw new CheckpointStoreException("cannot lock checkpoint directory " + dir + ": "
                    + DurableFiles.describe(e) + "; check that the directory is writable", e);
        }
    }

    private static Object keyOf(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class, NOFOLLOW_LINKS).fileKey();
    }

    private static String holderNamedIn(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        channel.read(buffer, 0);
        String holder = new String(buffer.array(), 0, buffer.position(), UTF_8).strip();
        // empty while the holder is between taking the lock and writing its name
        return holder.isEmpty() ? "another process (its lock file does not name it)" : holder;
    }

    @Override
    public void close() throws IOException {
        synchronized (StoreLock.class) {
            try {
                if (channel != null) {
                    try {
                        // the next holder's name, not ours, is what a refused job should read
                        channel.truncate(0);
                    } finally {
                        channel.close(); // releases the lock
                    }
                }
            } finally {
                HELD.remove(key);
            }
        }
    }
}
