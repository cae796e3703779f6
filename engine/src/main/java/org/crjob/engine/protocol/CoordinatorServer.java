package org.crjob.engine.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.crjob.concurrent.DaemonThreads;
import org.crjob.concurrent.Deadline;
import org.crjob.joblog.JobLog;

/**
 * The coordinator's front door: accepts connections, reads request lines, checks the token and
 * hands each request to a {@link RequestHandler}, one thread per connection so a minutes-long
 * checkpoint does not hold up a {@code status}. Nothing a client sends stops the accept loop.
 *
 * <pre>
 * CoordinatorServer server = new CoordinatorServer();
 * int port = server.start(null, 0, token, handler, log);
 * ...
 * server.close();
 * </pre>
 */
public final class CoordinatorServer implements AutoCloseable {

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CONNECTIONS = 16;
    /** Half the slots: a host without the token can hold no more, and the job's own clients keep the rest. */
    public static final int DEFAULT_MAX_PER_PEER = DEFAULT_MAX_CONNECTIONS / 2;
    /**
     * How long a new connection may take to send its first request: a crjob client sends it at once, and a
     * peer without the token must not hold a slot for the whole idle timeout.
     */
    static final Duration FIRST_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** How long close() waits for connection threads; handlers that ignore interrupts are left behind. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    /** Pause after a failed accept (e.g. out of file descriptors), so the loop does not spin. */
    private static final long ACCEPT_RETRY_MILLIS = 100;

    private final Duration idleTimeout;
    private final int maxConnections;
    private final Semaphore slots;
    private final PeerSlots peerSlots;
    private final LongSupplier nanoTime;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger threadNumber = new AtomicInteger();

    private volatile boolean closed;
    private ServerSocket serverSocket;
    private Thread acceptThread;
    private ExecutorService connections;
    private ExecutorService rejections;
    private byte[] tokenDigest;
    private RequestHandler handler;
    private JobLog log;
    private RefusalLog refusals;

    /**
     * A server with a {@value #DEFAULT_MAX_CONNECTIONS}-connection limit, {@value #DEFAULT_MAX_PER_PEER} per peer
     * address, and a 60 s idle timeout.
     */
    public CoordinatorServer() {
        this(DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_PER_PEER, System::nanoTime);
    }

    /**
     * @param idleTimeout    how long a connection may take to send a complete request line (from
     *                       connecting, or from the previous reply) before it is dropped
     * @param maxConnections connections served at once, from any peer; one more is told {@value ErrorCode#BUSY}
     */
    public CoordinatorServer(Duration idleTimeout, int maxConnections) {
        this(idleTimeout, maxConnections, maxConnections, System::nanoTime);
    }

    /**
     * @param maxPerPeer connections served at once for one peer address, so that one host cannot hold every
     *                   slot; one more is told {@value ErrorCode#BUSY}
     * @param nanoTime   the clock of the refusals' log lines (at most one a minute)
     */
    public CoordinatorServer(Duration idleTimeout, int maxConnections, int maxPerPeer, LongSupplier nanoTime) {
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive, got " + idleTimeout);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max connections must be at least 1, got " + maxConnections);
        }
        this.idleTimeout = idleTimeout;
        this.maxConnections = maxConnections;
        this.slots = new Semaphore(maxConnections);
        this.peerSlots = new PeerSlots(maxPerPeer);
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /**
     * Starts listening and returns at once.
     *
     * @param bind    the address to listen on; null means all interfaces (login nodes must reach it)
     * @param port    the port; 0 means any free one
     * @param token   the job's secret; every request must carry it
     * @param handler runs the commands (see {@link RequestHandler} for its threading)
     * @param log     one line per event worth keeping: refused requests, internal errors
     * @return the port actually bound
     * @throws IOException when the port cannot be bound; the message names address and port
     */
    public synchronized int start(InetAddress bind, int port, String token, RequestHandler handler,
            JobLog log) throws IOException {
        if (serverSocket != null || closed) {
            throw new IllegalStateException("this coordinator server was already started or closed; create a new one");
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the coordinator needs a token (see Tokens.newToken()); got none");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 (any free port) or 1-65535, got " + port);
        }
        this.tokenDigest = sha256(token);
        this.handler = Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(log, "log");
        this.log = (severity, message) -> {
            try {
                log.write(severity, message);
            } catch (RuntimeException e) {
                // a broken log must not turn into a broken server
            }
        };
        this.refusals = new RefusalLog(this.log, nanoTime);
        ServerSocket socket = new ServerSocket();
        InetSocketAddress address = bind == null ? new InetSocketAddress(port) : new InetSocketAddress(bind, port);
        try {
            // a coordinator restarted on the same fixed port must not wait out TIME_WAIT
            socket.setReuseAddress(true);
            socket.bind(address);
        } catch (IOException e) {
            socket.close();
            String hint = e instanceof BindException && port != 0 ? "; choose another port, or 0 for any free one" : "";
            throw new IOException("cannot listen on " + address + ": " + e.getMessage() + hint, e);
        }
        this.serverSocket = socket;
        this.connections = Executors.newCachedThreadPool(threads("connection"));
        // "busy" replies are written off the accept thread, so a slow peer cannot stall accepting;
        // one thread and a short queue, and past that the connection is simply closed
        this.rejections = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(maxConnections),
                threads("busy"));
        this.acceptThread = threads("accept").newThread(this::acceptLoop);
        acceptThread.start();
        return socket.getLocalPort();
    }

    /** The bound port, or -1 before {@link #start}. */
    public synchronized int port() {
        return serverSocket == null ? -1 : serverSocket.getLocalPort();
    }

    /**
     * Stops accepting, closes every open connection, interrupts running handlers and waits for the
     * server's threads for at most a couple of seconds. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (serverSocket == null) {
                return;
            }
        }
        try {
            serverSocket.close();
        } catch (IOException e) {
            // closing is all we wanted from it
        }
        open.forEach(Sockets::closeQuietly);
        refusals.flush();
        connections.shutdownNow();
        rejections.shutdownNow();
        Deadline deadline = Deadline.in(CLOSE_WAIT);
        try {
            connections.awaitTermination(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
            rejections.awaitTermination(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
            acceptThread.join(Math.max(1, deadline.remaining().toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!connections.isTerminated()) {
            log.event("coordinator server closed, but a command handler ignored the interrupt and is still running"
                    + " (its threads are daemons and will not keep the process alive)");
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                log.event("cannot accept a connection on port " + serverSocket.getLocalPort() + ": " + e.getMessage()
                        + "; retrying");
                if (!pause()) {
                    return;
                }
                continue;
            }
            try {
                dispatch(socket);
            } catch (RuntimeException e) {
                log.event("dropped a connection from " + remote(socket) + ": " + describe(e));
                open.remove(socket);
                Sockets.closeQuietly(socket);
            }
        }
    }

    private void dispatch(Socket socket) {
        open.add(socket);
        if (closed) { // close() may have run between accept and add, and missed this one
            open.remove(socket);
            Sockets.closeQuietly(socket);
            return;
        }
        String peer = peer(socket);
        if (!peerSlots.tryAcquire(peer)) {
            rejectBusy(socket, "already serving " + peerSlots.max() + " connections from " + peer);
            return;
        }
        if (!slots.tryAcquire()) {
            peerSlots.release(peer);
            rejectBusy(socket, "already serving " + maxConnections + " connections");
            return;
        }
        try {
            connections.execute(() -> serve(socket, peer));
        } catch (RejectedExecutionException e) { // shut down meanwhile
            slots.release();
            peerSlots.release(peer);
            open.remove(socket);
            Sockets.closeQuietly(socket);
        }
    }

    private void rejectBusy(Socket socket, String why) {
        refusals.refused(peer(socket), "refused a connection from " + remote(socket) + ": " + why);
        Reply busy = Reply.error(ErrorCode.BUSY, "the coordinator is busy (" + why + "); try again in a moment");
        try {
            rejections.execute(() -> {
                try {
                    Sockets.writeLine(socket.getOutputStream(), busy.toLine());
                    Sockets.closeAfterReply(socket);
                } catch (IOException e) {
                    Sockets.closeQuietly(socket);
                } finally {
                    open.remove(socket);
                }
            });
        } catch (RejectedExecutionException e) { // even the busy queue is full: this is a flood
            open.remove(socket);
            Sockets.closeQuietly(socket);
        }
    }

    /** One connection: request lines in turn, one reply each, until the peer stops, idles or misbehaves. */
    private void serve(Socket socket, String peer) {
        String remote = remote(socket);
        try (socket) {
            socket.setTcpNoDelay(true);
            LineReader reader = new LineReader(socket, Wire.MAX_REQUEST_BYTES);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            Duration wait = idleTimeout.compareTo(FIRST_REQUEST_TIMEOUT) < 0 ? idleTimeout : FIRST_REQUEST_TIMEOUT;
            while (!closed) {
                byte[] line;
                try {
                    line = reader.readLine(Deadline.in(wait));
                } catch (SocketTimeoutException e) {
                    return; // idle: an abandoned nc, or someone holding a slot
                } catch (LineReader.LineTooLongException e) {
                    // the rest of the line cannot be told from the next request, so this connection is done
                    Sockets.writeLine(out, Reply.error(ErrorCode.BAD_REQUEST, "request line longer than "
                            + Wire.MAX_REQUEST_BYTES + " bytes; send one JSON object per line, e.g. " + Wire.EXAMPLE)
                            .toLine());
                    Sockets.closeAfterReply(socket);
                    return;
                }
                if (line == null) {
                    return;
                }
                wait = idleTimeout;
                Reply reply = respond(line, remote);
                Sockets.writeLine(out, reply.toLine());
                if (endsTheConnection(reply)) {
                    Sockets.closeAfterReply(socket);
                    return;
                }
            }
        } catch (IOException e) {
            // the peer went away, or close() closed the socket: nobody is left to tell
        } catch (RuntimeException e) {
            log.event("dropped the connection from " + remote + ": " + describe(e));
        } finally {
            open.remove(socket);
            slots.release();
            peerSlots.release(peer);
        }
    }

    /**
     * A peer without the token, or one that sends what no crjob client sends, gets one reply and loses its
     * connection: it cannot keep a slot with a wrong line every 25 s.
     */
    private static boolean endsTheConnection(Reply reply) {
        return !reply.ok() && (ErrorCode.UNAUTHORIZED.equals(reply.code()) || ErrorCode.BAD_REQUEST.equals(reply.code()));
    }

    private Reply respond(byte[] line, String remote) {
        ObjectNode node;
        try {
            node = Wire.parseObject(line);
        } catch (Wire.BadRequestException e) {
            return Reply.error(ErrorCode.BAD_REQUEST, e.getMessage());
        }
        JsonNode commandNode = node.get("command");
        String command = commandNode != null && commandNode.isTextual() ? commandNode.textValue() : null;
        JsonNode tokenNode = node.get("token");
        if (!authorized(tokenNode)) {
            refusals.refused(peer(remote), "refused " + (command == null ? "a request without a command" : "command " + Wire.quote(command))
                    + " from " + remote + ": " + (tokenNode == null ? "no token" : "wrong token"));
            return Reply.error(ErrorCode.UNAUTHORIZED, "missing or wrong token: commands need the token from the"
                    + " job's coordinator.json, which only the job's owner can read; use crjob as that user");
        }
        if (command == null || command.isBlank()) {
            return Reply.error(ErrorCode.BAD_REQUEST, "request has no \"command\" string; send e.g. " + Wire.EXAMPLE);
        }
        JsonNode args = node.get("args");
        if (args != null && !args.isNull() && !args.isObject()) {
            return Reply.error(ErrorCode.BAD_REQUEST, "\"args\" must be a JSON object, got a JSON " + Wire.kind(args)
                    + "; e.g. \"args\":{\"seconds\":3600}");
        }
        Request request = new Request(command, args == null || args.isNull() ? null : (ObjectNode) args);
        try {
            return Reply.ok(handler.handle(request));
        } catch (RequestFailedException e) {
            return Reply.error(e.code(), e.getMessage());
        } catch (Throwable e) { // a bug in a handler must cost one reply, not the connection or the server
            if (!closed) { // a handler interrupted by close() is no bug worth a log line
                log.event("internal error in command " + Wire.quote(command) + " from " + remote + ": " + describe(e));
            }
            return Reply.error(ErrorCode.INTERNAL, "internal error in the coordinator while running "
                    + Wire.quote(command) + " (" + e.getClass().getSimpleName() + "); the details are in the"
                    + " coordinator's log");
        }
    }

    /** Compares digests, so the time taken says nothing about the token, not even its length. */
    private boolean authorized(JsonNode token) {
        return token != null && token.isTextual() && MessageDigest.isEqual(sha256(token.textValue()), tokenDigest);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256, which every Java must have", e);
        }
    }

    /** The peer as address:port, without a reverse DNS lookup that could hang on a cluster's resolver. */
    private static String remote(Socket socket) {
        if (socket.getRemoteSocketAddress() instanceof InetSocketAddress address && address.getAddress() != null) {
            String host = address.getAddress().getHostAddress();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
        }
        return String.valueOf(socket.getRemoteSocketAddress());
    }

    /** The peer's address alone: one host holds connections from many ports. */
    private static String peer(Socket socket) {
        return peer(remote(socket));
    }

    private static String peer(String remote) {
        int colon = remote.lastIndexOf(':');
        return colon > 0 ? remote.substring(0, colon) : remote;
    }

    /** One line for the log: the exception and where it came from, not the whole trace. */
    private static String describe(Throwable e) {
        StackTraceElement[] trace = e.getStackTrace();
        String text = String.valueOf(e).replaceAll("\\s*[\\r\\n]+\\s*", " ");
        return trace.length == 0 ? text : text + " at " + trace[0];
    }

    private boolean pause() {
        try {
            Thread.sleep(ACCEPT_RETRY_MILLIS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Daemons: a handler stuck in a system call must not keep the coordinator process alive after close. */
    private ThreadFactory threads(String role) {
        // the port in the name tells two servers apart in a thread dump
        return DaemonThreads.factory(() -> "crjob-coordinator-" + serverSocket.getLocalPort() + "-" + role + "-"
                + threadNumber.incrementAndGet());
    }
}
