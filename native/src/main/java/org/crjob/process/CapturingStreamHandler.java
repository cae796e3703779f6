package org.crjob.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.exec.ExecuteStreamHandler;
import org.crjob.concurrent.DaemonThreads;
import org.crjob.concurrent.Deadline;

/**
 * Captures a command's stdout and stderr and closes its stdin.
 *
 * <p>Why not Commons Exec's {@code PumpStreamHandler}: when a command exits but leaves a background child
 * holding its output pipe open, the pump threads wait for that child; with a stop timeout, Commons Exec
 * then reports the run as failed with a made-up exit code. Here the command's real exit code stands and
 * the pipes get a short, bounded time to drain; whatever arrives later is dropped.
 */
final class CapturingStreamHandler implements ExecuteStreamHandler {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<Thread> pumps = new ArrayList<>();
    private final Duration drainTimeout;

    CapturingStreamHandler(Duration drainTimeout) {
        this.drainTimeout = drainTimeout;
    }

    @Override
    public void setProcessInputStream(OutputStream stdin) throws IOException {
        stdin.close(); // nothing to say: a command that reads stdin sees end-of-file at once
    }

    @Override
    public void setProcessOutputStream(InputStream stdout) {
        pumps.add(pump("stdout", stdout, out));
    }

    @Override
    public void setProcessErrorStream(InputStream stderr) {
        pumps.add(pump("stderr", stderr, err));
    }

    @Override
    public void start() {
        pumps.forEach(Thread::start);
    }

    @Override
    public void stop() {
        Deadline deadline = Deadline.in(drainTimeout);
        for (Thread pump : pumps) {
            Duration left = deadline.remaining();
            if (!left.isZero()) {
                try {
                    pump.join(left.toMillis() + 1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    String stdout() {
        return text(out);
    }

    String stderr() {
        return text(err);
    }

    private static String text(ByteArrayOutputStream buffer) {
        synchronized (buffer) {
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }

    private static Thread pump(String name, InputStream from, ByteArrayOutputStream to) {
        // a daemon: a pipe held open forever must not keep the JVM alive
        return DaemonThreads.newThread("crjob-exec-" + name, () -> copy(from, to));
    }

    private static void copy(InputStream from, ByteArrayOutputStream to) {
        byte[] chunk = new byte[8192];
        try (from) {
            int n;
            while ((n = from.read(chunk)) >= 0) {
                synchronized (to) {
                    to.write(chunk, 0, n);
                }
            }
        } catch (IOException e) {
            // the pipe closed under us: keep what arrived
        }
    }
}
