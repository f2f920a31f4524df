package lab.bench.server;

import static java.nio.channels.SelectionKey.OP_CONNECT;
import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A closed-loop load generator on one thread: many non-blocking connections, each with one request outstanding,
 * every byte of every reply checked.
 *
 * <p>A run has phases: ramp up (open the connections, each sends one request and waits for its reply; at most
 * {@link #CONNECTS_IN_FLIGHT} not yet answered at a time, so that a burst measures the server rather than its listen
 * queue), warm up (every connection in its loop), measure (every round trip's latency is kept), then close every
 * connection. It stops by itself at its deadlines, whatever the server does.
 */
final class LoadGenerator {

    /** Connections opened but not yet answered once, at most: below the servers' listen queue of 1,024. */
    static final int CONNECTS_IN_FLIGHT = 256;

    /** Different requests per connection: each round trip sends the request bytes from another offset. */
    private static final int SHIFTS = 251;

    /** What went wrong with a connection; each ends it. */
    enum ErrorKind {
        /** The connection could not be opened within the ramp-up. */
        CONNECT,
        /** A read or write failed, or the server closed the connection. */
        IO,
        /** A reply was not {@code GOT:} + the request. */
        PROTOCOL,
        /** A first request had no whole reply by the end of the ramp-up, or a request none within the reply deadline at the end. */
        TIMEOUT
    }

    /** What to run: connections, request size, how long to warm up and to measure, and when to give up. */
    record Settings(InetSocketAddress server, int conns, int size, Duration warmup, Duration window,
                    Duration rampDeadline, Duration replyDeadline) {}

    /**
     * What a run measured: round trips completed in the window, each one's latency (sorted), errors by kind with the
     * first message of each, the server's CPU time in the window, this thread's idle share, and how long the ramp-up
     * took until every connection had its first reply.
     */
    record Result(Settings settings, long roundTrips, double seconds, long[] sortedLatencyNanos,
                  Map<ErrorKind, Long> errors, Map<ErrorKind, String> firstErrors, long serverCpuNanos,
                  double idleShare, double readySeconds) {

        double roundTripsPerSecond() {
            return roundTrips / seconds;
        }

        double mibPerSecond() {
            return roundTrips * (double) settings.size() / seconds / (1 << 20);
        }

        /** The latency that {@code q} of the round trips did not exceed (nearest rank), in microseconds. */
        double percentileMicros(double q) {
            if (sortedLatencyNanos.length == 0) return 0;
            int rank = (int) Math.ceil(q * sortedLatencyNanos.length);
            return sortedLatencyNanos[Math.max(0, Math.min(rank, sortedLatencyNanos.length) - 1)] / 1e3;
        }

        long errorCount() {
            return errors.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The server's CPU time per round trip, in microseconds. */
        double serverCpuMicrosPerRoundTrip() {
            return roundTrips == 0 ? 0 : serverCpuNanos / 1e3 / roundTrips;
        }
    }

    private final Settings settings;
    private final LongSupplier serverCpuNanos;
    private final ByteBuffer requests;          // direct: written without a copy; SHIFTS requests overlap in it
    private final ByteBuffer in = ByteBuffer.allocateDirect(256 * 1024);
    private final List<Connection> connections = new ArrayList<>();
    private final Map<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
    private final Map<ErrorKind, String> firstErrors = new EnumMap<>(ErrorKind.class);
    private Selector selector;
    private long[] latencies = new long[1 << 16];
    private int samples;
    private long roundTrips;
    private boolean recording;
    private boolean ramping = true; // a connection answered once waits until all are, so the loops do not slow the accepts
    private int unanswered; // connections opened that have no reply yet
    private int open;

    /** A generator for {@code settings}; {@code serverCpuNanos} reads the server's CPU time so far (from /proc). */
    LoadGenerator(Settings settings, LongSupplier serverCpuNanos) {
        if (settings.conns() < 1 || settings.size() < 1) {
            throw new IllegalArgumentException("conns and size must be at least 1, got " + settings.conns() + " and " + settings.size());
        }
        this.settings = settings;
        this.serverCpuNanos = serverCpuNanos;
        byte[] bytes = ReplyCheck.requestBytes(settings.size() + SHIFTS, 25000);
        requests = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
    }

    /** One connection: its channel, the request on its way out, and the check of the reply coming in. */
    private final class Connection {
        final int id;
        final SocketChannel channel;
        final SelectionKey key;
        final ReplyCheck reply = new ReplyCheck();
        ByteBuffer out;
        long sentAt;
        long round;
        boolean connected;
        boolean answered;
        boolean closed;     // by us, or by a failed connect (finishConnect closes the channel itself)

        Connection(int id, SocketChannel channel, SelectionKey key) {
            this.id = id;
            this.channel = channel;
            this.key = key;
        }
    }

    /** Runs the phases and returns what the window measured. */
    Result run() throws IOException {
        try (Selector s = Selector.open()) {
            selector = s;
            long start = System.nanoTime();
            double readySeconds = rampUp(start);
            ramping = false;
            for (Connection c : connections) {
                if (c != null && !c.closed) send(c);
            }
            long windowStart = System.nanoTime() + settings.warmup().toNanos();
            loop(windowStart);
            var threads = ManagementFactory.getThreadMXBean();
            long cpu0 = threads.getCurrentThreadCpuTime();
            long server0 = serverCpuNanos.getAsLong();
            long t0 = System.nanoTime();
            recording = true;
            loop(t0 + settings.window().toNanos());
            recording = false;
            long t1 = System.nanoTime();
            long serverCpu = serverCpuNanos.getAsLong() - server0;
            long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            long deadline = settings.replyDeadline().toNanos();
            for (Connection c : connections) {
                if (c != null && !c.closed && t1 - c.sentAt > deadline) {
                    fail(c, ErrorKind.TIMEOUT, "no whole reply within " + settings.replyDeadline().toMillis() + " ms");
                }
            }
            for (Connection c : connections) close(c);
            long[] sorted = Arrays.copyOf(latencies, samples);
            Arrays.sort(sorted);
            double seconds = (t1 - t0) / 1e9;
            return new Result(settings, roundTrips, seconds, sorted, Map.copyOf(errors), Map.copyOf(firstErrors),
                    serverCpu, Math.max(0, 1 - cpu / (double) (t1 - t0)), readySeconds);
        } finally {
            for (Connection c : connections) close(c);
        }
    }

    /** Opens the connections, at most CONNECTS_IN_FLIGHT unanswered at a time; returns the seconds until all are answered. */
    private double rampUp(long start) throws IOException {
        long deadline = start + settings.rampDeadline().toNanos();
        var server = settings.server();
        while (System.nanoTime() < deadline) {
            while (connections.size() < settings.conns() && unanswered < CONNECTS_IN_FLIGHT) {
                connect(server);
            }
            if (unanswered == 0) break;
            step(deadline);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (Connection c : connections) {
            if (c != null && !c.closed && !c.answered) {
                if (c.connected) {
                    fail(c, ErrorKind.TIMEOUT, "no whole first reply within the ramp-up's " + settings.rampDeadline().toSeconds() + " s");
                } else {
                    fail(c, ErrorKind.CONNECT, "not connected within the ramp-up's " + settings.rampDeadline().toSeconds() + " s");
                }
            }
        }
        for (int i = connections.size(); i < settings.conns(); i++) {
            count(ErrorKind.CONNECT, "not opened within the ramp-up's " + settings.rampDeadline().toSeconds() + " s");
        }
        return seconds;
    }

    private void connect(InetSocketAddress server) throws IOException {
        SocketChannel channel = SocketChannel.open();
        int id = connections.size();
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // the requests are complete: do not hold them back
            boolean now = channel.connect(server);
            var c = new Connection(id, channel, channel.register(selector, now ? OP_READ : OP_CONNECT));
            c.key.attach(c);
            connections.add(c);
            open++;
            unanswered++;
            c.connected = now;
            if (now) send(c);
        } catch (IOException e) {
            channel.close();
            connections.add(null);
            count(ErrorKind.CONNECT, "connection " + id + ": " + e);
        }
    }

    /** Runs round trips until {@code until} (System.nanoTime), or until no connection is left. */
    private void loop(long until) throws IOException {
        while (open > 0 && System.nanoTime() < until) step(until);
    }

    /** Waits for ready connections (not past {@code until}) and serves each one. */
    private void step(long until) throws IOException {
        long millis = Math.max(1, (until - System.nanoTime()) / 1_000_000);
        selector.select(Math.min(millis, 100));
        for (SelectionKey key : selector.selectedKeys()) {
            var c = (Connection) key.attachment();
            if (!key.isValid()) continue;
            if (key.isConnectable()) {
                try {
                    if (c.channel.finishConnect()) {
                        c.connected = true;
                        key.interestOps(OP_READ);
                        send(c);
                    }
                } catch (IOException e) {
                    fail(c, ErrorKind.CONNECT, e.toString());
                }
                continue;
            }
            if (key.isWritable()) write(c);
            if (key.isValid() && key.isReadable()) read(c);
        }
        selector.selectedKeys().clear();
    }

    /** Starts the next round trip of a connection: the request bytes from another offset, written at once. */
    private void send(Connection c) {
        int offset = (int) ((c.id + c.round++) % SHIFTS);
        c.out = requests.duplicate().limit(offset + settings.size()).position(offset);
        c.reply.expect(c.out);
        c.sentAt = System.nanoTime();
        write(c);
    }

    private void write(Connection c) {
        try {
            c.channel.write(c.out);
            int ops = c.out.hasRemaining() ? OP_READ | OP_WRITE : OP_READ;
            if (c.key.interestOps() != ops) c.key.interestOps(ops);
        } catch (IOException e) {
            fail(c, ErrorKind.IO, "write: " + e);
        }
    }

    private void read(Connection c) {
        try {
            while (!c.closed) {
                in.clear();
                int n = c.channel.read(in);
                if (n < 0) {
                    fail(c, ErrorKind.IO, "the server closed the connection after " + c.reply.received() + " of "
                            + settings.size() + " bytes of a reply");
                    return;
                }
                in.flip();
                while (!c.closed && c.reply.take(in)) answered(c);
                if (n < in.capacity()) return; // drained: a full buffer may mean more is waiting
            }
        } catch (IOException e) {
            fail(c, ErrorKind.IO, "read: " + e);
        } catch (ReplyCheck.ProtocolError e) {
            fail(c, ErrorKind.PROTOCOL, "connection " + c.id + ", round trip " + c.round + ": " + e.getMessage());
        }
    }

    /** A whole reply came: count it, keep its latency while measuring, and send the next request. */
    private void answered(Connection c) {
        long now = System.nanoTime();
        if (recording) {
            if (samples == latencies.length) latencies = Arrays.copyOf(latencies, samples * 2);
            latencies[samples++] = now - c.sentAt;
            roundTrips++;
        }
        if (!c.answered) {
            c.answered = true;
            unanswered--;
        }
        if (!ramping) send(c);
    }

    private void fail(Connection c, ErrorKind kind, String message) {
        if (c.closed) return;
        count(kind, message);
        if (!c.answered) {
            c.answered = true;
            unanswered--;
        }
        close(c);
    }

    private void count(ErrorKind kind, String message) {
        errors.merge(kind, 1L, Long::sum);
        firstErrors.putIfAbsent(kind, message);
    }

    private void close(Connection c) {
        if (c == null || c.closed) return;
        c.closed = true;
        open--;
        try {
            c.channel.close();
        } catch (IOException e) {
            // closing a socket that failed: nothing more to learn from it
        }
    }
}
