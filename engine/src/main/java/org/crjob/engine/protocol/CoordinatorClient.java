package org.crjob.engine.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.crjob.concurrent.Deadline;

/**
 * Sends one command to a job's coordinator and waits for its reply: one connection per call, so a
 * client holds nothing between calls and a coordinator restart in between does no harm.
 */
public final class CoordinatorClient {

    /** A coordinator that does not accept within this long is as good as gone. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The first and the longest pause before asking a busy coordinator again. */
    private static final Duration FIRST_BUSY_PAUSE = Duration.ofMillis(50);
    private static final Duration LONGEST_BUSY_PAUSE = Duration.ofSeconds(1);

    private final String host;
    private final int port;
    private final String token;

    public CoordinatorClient(String host, int port, String token) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("coordinator host must not be empty, got " + Wire.quote(host));
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("coordinator port must be 1-65535, got " + port);
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a coordinator client needs the job's token (from coordinator.json); got none");
        }
        this.host = host;
        this.port = port;
        this.token = token;
    }

    /** A client for the coordinator a state file describes. */
    public static CoordinatorClient of(CoordinatorInfo info) {
        return new CoordinatorClient(info.host(), info.port(), info.token());
    }

    /**
     * Runs {@code command} on the coordinator.
     *
     * @param args    the command's arguments; null for none
     * @param timeout how long to wait for the reply; a checkpoint can take minutes. A coordinator that
     *                replies {@value ErrorCode#BUSY} is asked again, with backoff, until this is over
     * @return the reply's {@code result}
     * @throws CoordinatorUnreachableException     no connection
     * @throws CoordinatorReplyException           the coordinator refused or failed the command
     * @throws CoordinatorTimeoutException         no reply within {@code timeout}
     * @throws CoordinatorConnectionLostException  the connection ended before a reply
     * @throws CoordinatorException                the peer answered something that is not a coordinator reply
     */
    public JsonNode call(String command, ObjectNode args, Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("reply timeout must be positive, got " + timeout);
        }
        Deadline deadline = Deadline.in(timeout);
        Duration pause = FIRST_BUSY_PAUSE;
        while (true) {
            try {
                return callOnce(command, args, timeout, deadline);
            } catch (CoordinatorReplyException e) {
                // every slot taken, perhaps by a peer without the token: ask again, with backoff, within the timeout
                if (!ErrorCode.BUSY.equals(e.code()) || deadline.comesWithin(pause)) {
                    throw e;
                }
                sleep(pause);
                pause = pause.multipliedBy(2).compareTo(LONGEST_BUSY_PAUSE) > 0 ? LONGEST_BUSY_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinatorException("interrupted while waiting for a busy coordinator", e);
        }
    }

    private JsonNode callOnce(String command, ObjectNode args, Duration timeout, Deadline deadline) {
        Request request = new Request(command, args == null ? null : args.deepCopy());
        String line = Wire.requestLine(token, request) + "\n";
        Socket socket = connect();
        byte[] replyLine;
        try {
            replyLine = exchange(socket, line, command, timeout, deadline);
        } finally {
            Sockets.closeQuietly(socket);
        }
        Reply reply;
        try {
            reply = Reply.parse(new String(replyLine, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new CoordinatorException("the reply from " + address() + " to " + Wire.quote(command)
                    + " is not a crjob coordinator reply (" + e.getMessage() + "): the coordinator may have exited"
                    + " and another program now uses that port", e);
        }
        if (!reply.ok()) {
            throw new CoordinatorReplyException(reply.code(), reply.error());
        }
        return reply.result();
    }

    private Socket connect() {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
            return socket;
        } catch (IOException e) {
            Sockets.closeQuietly(socket);
            throw new CoordinatorUnreachableException(unreachableMessage(e), e);
        } catch (IllegalArgumentException e) { // e.g. a host name with characters no resolver takes
            Sockets.closeQuietly(socket);
            throw new CoordinatorUnreachableException("cannot connect to " + address() + ": " + e.getMessage(), e);
        }
    }

    private String unreachableMessage(IOException e) {
        String why;
        if (e instanceof UnknownHostException) {
            why = "host " + Wire.quote(host) + " is unknown here";
        } else if (e instanceof SocketTimeoutException) {
            why = "no answer within " + Durations.human(CONNECT_TIMEOUT);
        } else if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            why = e.getMessage() == null ? "connection refused" : e.getMessage().toLowerCase();
        } else {
            why = String.valueOf(e.getMessage());
        }
        return "cannot reach the coordinator at " + address() + " (" + why + "): the coordinator may have exited"
                + " (the job ended or was requeued), or that node may not be reachable from here";
    }

    private byte[] exchange(Socket socket, String line, String command, Duration timeout, Deadline deadline) {
        IOException sendFailure = null;
        try {
            OutputStream out = socket.getOutputStream();
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // a coordinator that refuses us (busy) may close before reading; its reply may still be there
            sendFailure = e;
        }
        byte[] reply;
        try {
            reply = new LineReader(socket, Wire.MAX_REPLY_BYTES).readLine(deadline);
        } catch (SocketTimeoutException e) {
            throw new CoordinatorTimeoutException("no reply to " + Wire.quote(command) + " from the coordinator at "
                    + address() + " within " + Durations.human(timeout) + ": it may still be working on it (crjob"
                    + " status shows what it is doing), or it is hung", command, timeout, e);
        } catch (LineReader.LineTooLongException e) {
            throw new CoordinatorException("the reply from " + address() + " to " + Wire.quote(command) + " is longer"
                    + " than " + Wire.MAX_REPLY_BYTES + " bytes, which no crjob coordinator sends: another program may"
                    + " now use that port", e);
        } catch (IOException e) {
            throw lost(command, e);
        }
        if (reply == null) {
            throw lost(command, sendFailure);
        }
        return reply;
    }

    private CoordinatorConnectionLostException lost(String command, IOException cause) {
        return new CoordinatorConnectionLostException("the coordinator at " + address() + " closed the connection"
                + " without replying to " + Wire.quote(command) + (cause == null ? "" : " (" + cause.getMessage() + ")")
                + ": it may have exited or crashed; see the job's coordinator.log", cause);
    }

    private String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Deliberately without the token. */
    @Override
    public String toString() {
        return "CoordinatorClient[" + address() + "]";
    }
}
