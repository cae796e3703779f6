package org.crjob.engine.protocol;

import java.time.Duration;

/** Durations as people write them: 300ms, 5s, 2m30s, 1h5m. */
public final class Durations {

    private Durations() {
    }

    public static String human(Duration d) {
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return d.toMillis() + "ms";
        }
        long seconds = d.toSeconds();
        long h = seconds / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        StringBuilder out = new StringBuilder();
        if (h > 0) {
            out.append(h).append('h');
        }
        if (m > 0) {
            out.append(m).append('m');
        }
        if (s > 0 || out.length() == 0) {
            out.append(s).append('s');
        }
        return out.toString();
    }
}
