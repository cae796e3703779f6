package org.crjob.engine.dmtcp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crjob.failure.UnexpectedStateException;

/**
 * Reads {@code dmtcp_restart_script_<compId>.sh}: its {@code given_ckpt_files="..."} line is the exact
 * list of images of the checkpoint, by absolute path. Never a glob of the checkpoint directory: DMTCP
 * never deletes old images, and a restart given a stale one hangs at its restart barrier.
 */
public final class DmtcpRestartScript {
    /** Names of the per-computation scripts; {@code dmtcp_restart_script.sh} is only a link to the newest. */
    static final Pattern NAME = Pattern.compile("dmtcp_restart_script_.+\\.sh");
    private static final Pattern GIVEN = Pattern.compile("(?m)^given_ckpt_files=\"([^\"]*)\"");

    private DmtcpRestartScript() {
    }

    public static boolean isScriptName(String fileName) {
        return NAME.matcher(fileName).matches();
    }

    /** The images the script restarts, in its order. */
    public static List<Path> images(Path script) {
        String text;
        try {
            text = Files.readString(script);
        } catch (IOException e) {
            throw new UnexpectedStateException("cannot read DMTCP's restart script " + script + ": " + e.getMessage(),
                    e);
        }
        return images(text, script.toString());
    }

    static List<Path> images(String text, String where) {
        Matcher m = GIVEN.matcher(text);
        if (!m.find()) {
            throw new UnexpectedStateException("DMTCP's restart script " + where + " has no given_ckpt_files line;"
                    + " it is not a DMTCP 3.x/4.x restart script, or it is damaged");
        }
        List<Path> images = Arrays.stream(m.group(1).trim().split("\\s+")).filter(s -> !s.isEmpty()).map(Path::of)
                .toList();
        if (images.isEmpty()) {
            throw new UnexpectedStateException("DMTCP's restart script " + where + " lists no images (given_ckpt_files"
                    + " is empty)");
        }
        return images;
    }
}
