package org.crjob.engine.dmtcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;

/**
 * What the job's {@code dmtcp_coordinator} wrote to its log (its stdout and stderr, {@link DmtcpPaths#coordinatorLog})
 * about ending the computation.
 *
 * <p>DMTCP 4.2 ends every process it kills ({@code dmtcp_command -k}, or {@code -q}, which also ends the coordinator)
 * with {@code _exit(0)}: the status of a program that finished. The log is where the two differ: the coordinator
 * notes "Killing all connected peers..." ({@code -k}) or "killing all connected peers and quitting ..." ({@code -q})
 * before it sends the kill, and nothing of the kind when a program exits on its own, or after crjob's {@code -kc}
 * (docs/dmtcp-facts.md, 20). crjob's own {@code -q}, when it stops the coordinator, is preceded by a line of crjob's
 * ({@link #markCrjobQuit}), after which nothing counts.
 */
final class DmtcpCoordinatorLog {
    /** The line crjob writes before it quits the coordinator itself. */
    static final String CRJOB_QUIT = "crjob: quitting dmtcp_coordinator (dmtcp_command -q): the crjob coordinator stops";
    /** In both notes, in every DMTCP release (older ones wrote "Peers"): compared without case. */
    private static final String KILL_NOTE = "killing all connected peers";
    private static final String COLOURS = "\u001B\\[[0-9;]*m";

    private DmtcpCoordinatorLog() {
    }

    /** Where the log ends now; 0 when there is none yet. */
    static long end(Path log) {
        try {
            return Files.size(log);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The coordinator's note that it killed the computation, written after {@code from} and before any quit of
     * crjob's own; empty when there is none (or no log to read).
     */
    static Optional<String> killSince(Path log, long from) {
        try (SeekableByteChannel channel = Files.newByteChannel(log, StandardOpenOption.READ);
             BufferedReader lines = new BufferedReader(new InputStreamReader(Channels.newInputStream(
                     channel.position(channel.size() < from ? 0 : from)), StandardCharsets.ISO_8859_1))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.contains(CRJOB_QUIT)) {
                    return Optional.empty();
                }
                if (line.toLowerCase(Locale.ROOT).contains(KILL_NOTE)) {
                    return Optional.of(note(line));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Says, in the log, that the quit that follows is crjob's own. */
    static void markCrjobQuit(Path log) {
        try {
            Files.writeString(log, "\n" + CRJOB_QUIT + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            // no log to write to: then there is none to read a kill from either
        }
    }

    /** The note without its colours and the "dmtcp> " prompts before it. */
    private static String note(String line) {
        String plain = line.replaceAll(COLOURS, "").replace("dmtcp> ", "").strip();
        int reason = plain.indexOf("REASON='");
        return reason < 0 ? plain : plain.substring(reason + "REASON='".length()).replaceFirst(";?'?$", "");
    }
}
