package lab.verify.step04;

import static lab.verify.step03.Step03Checks.ECHO;
import static lab.verify.step03.Step03Checks.REPLY;
import static lab.verify.step03.Step03Checks.TCP;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import lab.verify.BookSection;
import lab.verify.Client;
import lab.verify.Clients;
import lab.verify.Failure;
import lab.verify.Lang;
import lab.verify.LearnerCode;
import lab.verify.Outcome;
import lab.verify.Sandbox;
import lab.verify.ServerChecks;
import lab.verify.ServerRun;
import lab.verify.Words;
import lab.verify.step03.Step03Checks;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.AssertionFailedError;

/** Step 04's checks, as abstract test classes: big replies sent whole, and back-pressure; step 05 runs them again. */
public final class Step04Checks {

    private Step04Checks() {}

    private static final Words WORDS = Words.of(Step04Checks.class);

    public static final BookSection SEND = new BookSection("step04-send");
    public static final BookSection DESCRIPTORS = BookSection.DESCRIPTORS;

    /** The server's descriptor limit in the check that runs it out of them, and how many clients come then. */
    static final int LIMIT = 256, CROWD = 300;

    /** How many times a server may say it is out of descriptors while it serves one crowd. */
    static final int SAID_AT_MOST = 5;

    /** The big message: 8 MiB of lower-case letters (no 'G', so every "GOT:" in the reply is the server's). */
    public static final int BIG = 8 * 1024 * 1024;

    /** The pushing client's receive buffer: small and fixed, so the server cannot park 8 MiB in the kernel. */
    static final int SMALL_BUFFER = 64 * 1024;

    /**
     * The slow reader's receive buffer (Linux doubles it): with the server's small send buffer, less than a third
     * of a 64 KiB reply fits in the kernel, so a reply needs at least three writes, however fast the reader reads.
     */
    static final int SLOW_BUFFER = 8 * 1024;

    /** How much a client that never reads may push before the server must have stopped taking its data. */
    public static final long PUSH_LIMIT = 64L * 1024 * 1024;

    /** The likely mistake when a slow reader holds the other clients up. */
    static String blocks() {
        return WORDS.say("blocks");
    }

    static byte[] letters(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) ('a' + (i * 7 + i / 4096) % 26);
        return b;
    }

    static String sha256(byte[] b, int len) {
        try {
            var md = MessageDigest.getInstance("SHA-256");
            md.update(b, 0, len);
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An amount of bytes in MiB, one decimal, as the learner's language writes it ("3.2 MiB", "3,2 MiB", "3,2 Mio"). */
    public static String mib(long bytes) {
        return WORDS.say("mib", String.format(Lang.current().locale(), "%.1f", bytes / 1024.0 / 1024.0));
    }

    /** An 8 MiB echo through a slow reader, while other clients are served. */
    @Tag("hint-1")
    @ExtendWith(LearnerCode.class)
    public abstract static class SendWait implements ServerChecks {

        @Override
        public ServerRun startServer(Sandbox sandbox) {
            return Step03Checks.server(sandbox, SEND);
        }

        @Test
        public void bigEchoToSlowReader(ServerRun server) throws Exception {
            byte[] message = letters(BIG);
            try (Client slow = Client.connect(server.port(), REPLY, TCP, SLOW_BUFFER)) {
                var sent = new AtomicLong();
                var writerDone = new AtomicBoolean();
                Thread writer = Thread.ofPlatform().daemon().name("slow-client-writer").start(() -> {
                    try {
                        OutputStream out = slow.socket().getOutputStream();
                        for (int off = 0; off < BIG; off += 64 * 1024) {
                            out.write(message, off, Math.min(64 * 1024, BIG - off));
                            sent.addAndGet(Math.min(64 * 1024, BIG - off));
                        }
                        out.flush();
                    } catch (IOException e) {
                        // the server closed or reset; phase 2 says what arrived
                    } finally {
                        writerDone.set(true);
                    }
                });
                // phase 1: the slow client has sent what the server would take, and reads nothing yet
                long last = -1, since = System.nanoTime(), until = System.nanoTime() + 5_000_000_000L;
                while (!writerDone.get() && System.nanoTime() < until) {
                    long now = sent.get();
                    if (now != last) {
                        last = now;
                        since = System.nanoTime();
                    } else if (System.nanoTime() - since > 300_000_000L) {
                        break; // the writes stalled: the server is waiting for the slow client to read
                    }
                    Thread.sleep(20);
                }
                String slowSent = mib(sent.get());
                {
                    List<Client> others = Clients.connect(server.port(), 50, TCP).list();
                    try {
                        for (int round = 1; round <= 3; round++) {
                            int r = round;
                            Step03Checks.exchangeAll(others, i -> "small " + (i + 1) + "." + r, WORDS.say("SendWait.bigEchoToSlowReader.round", r), SEND, blocks());
                        }
                    } catch (AssertionError e) {
                        String gotRow = Words.of(Failure.class).say("row.got") + Words.of(Failure.class).say("row.colon"); // the "got" row of the failed exchange, in its language
                        throw Failure.of(WORDS.say("SendWait.bigEchoToSlowReader.others.headline"))
                                .sent(WORDS.say("SendWait.bigEchoToSlowReader.others.sent", slowSent))
                                .expected(WORDS.say("SendWait.bigEchoToSlowReader.others.expected", REPLY.toSeconds()))
                                .got(e.getMessage().lines().findFirst().orElse("") + "\n"
                                        + e.getMessage().lines().filter(l -> l.strip().startsWith(gotRow)).findFirst().orElse("").strip())
                                .likely(blocks())
                                .read(SEND)
                                .error();
                    } finally {
                        others.forEach(Client::close);
                    }
                }
                // phase 2: the slow client reads everything, a little at a time
                {
                    byte[] payload = new byte[BIG];
                    int got = 0, framing = 0;
                    String brokenAfter = null; // how much had come back when a "GOT:" came broken
                    long deadline = System.nanoTime() + 30_000_000_000L;
                    byte[] buf = new byte[64 * 1024];
                    int state = 0; // how many bytes of "GOT:" we are into
                    try {
                        var in = slow.socket().getInputStream();
                        while (got < BIG && System.nanoTime() < deadline) {
                            slow.socket().setSoTimeout((int) REPLY.toMillis());
                            int n;
                            try {
                                n = in.read(buf);
                            } catch (SocketTimeoutException e) {
                                break;
                            }
                            if (n < 0) break;
                            for (int i = 0; i < n; i++) {
                                byte b = buf[i];
                                if (state > 0) {
                                    if (b != "GOT:".charAt(state) && brokenAfter == null) brokenAfter = mib(got);
                                    state = (state + 1) % 4;
                                } else if (b == 'G') {
                                    state = 1;
                                    framing++;
                                } else if (got < BIG) {
                                    payload[got++] = b;
                                }
                            }
                            Thread.sleep(1); // a slow reader
                        }
                    } catch (IOException | InterruptedException e) {
                        // what arrived is what there is
                    }
                    writerDone.set(true);
                    boolean intact = got == BIG && sha256(payload, got).equals(sha256(message, BIG));
                    if (!intact || brokenAfter != null) {
                        String what = got < BIG
                                ? WORDS.say("SendWait.bigEchoToSlowReader.whole.short", mib(got), got, REPLY.toSeconds())
                                : WORDS.say("SendWait.bigEchoToSlowReader.whole.altered", sha256(payload, got), sha256(message, BIG));
                        throw Failure.of(WORDS.say("SendWait.bigEchoToSlowReader.whole.headline"))
                                .sent(WORDS.say("bigSent"))
                                .expected(WORDS.say("SendWait.bigEchoToSlowReader.whole.expected"))
                                .got(brokenAfter == null
                                        ? WORDS.say("SendWait.bigEchoToSlowReader.whole.got", what, framing)
                                        : WORDS.say("SendWait.bigEchoToSlowReader.whole.gotBroken", what, brokenAfter, framing))
                                .likely(WORDS.say("SendWait.bigEchoToSlowReader.whole.likely"))
                                .read(SEND)
                                .error();
                    }
                    // one "GOT:" per read: more replies than reads means "GOT:" went out again mid-reply
                    int port = slow.socket().getLocalPort();
                    long settled = System.nanoTime() + 1_000_000_000L;
                    while (server.reads(port) < framing && System.nanoTime() < settled) Thread.sleep(20); // the probe's facts may trail the bytes
                    int reads = server.reads(port);
                    // no read counted at all: the handler reads some way the probe cannot see (a method reference), so no verdict
                    if (reads > 0 && framing > reads) {
                        throw Failure.of(WORDS.say("SendWait.bigEchoToSlowReader.framing.headline"))
                                .sent(WORDS.say("bigSent"))
                                .expected(WORDS.say("SendWait.bigEchoToSlowReader.framing.expected"))
                                .got(WORDS.say("SendWait.bigEchoToSlowReader.framing.got", framing, reads))
                                .likely(WORDS.say("SendWait.bigEchoToSlowReader.framing.likely"))
                                .read(SEND)
                                .error();
                    }
                }
                writer.join(Duration.ofSeconds(2));
                server.requireAlive(WORDS.say("SendWait.bigEchoToSlowReader.alive"), null);
            }
        }
    }

    /** A client that sends and never reads is held back, not buffered without end. */
    @Tag("hint-2")
    @ExtendWith(LearnerCode.class)
    public abstract static class BackPressure implements ServerChecks {

        @Override
        public ServerRun startServer(Sandbox sandbox) {
            return Step03Checks.server(sandbox, SEND);
        }

        @Test
        public void fastSenderIsHeldBack(ServerRun server) throws Exception {
            try (SocketChannel pusher = SocketChannel.open();
                 Selector selector = Selector.open()) {
                pusher.setOption(java.net.StandardSocketOptions.SO_RCVBUF, SMALL_BUFFER);
                {
                    try {
                        pusher.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
                    } catch (IOException e) {
                        throw Failure.of(WORDS.say("BackPressure.fastSenderIsHeldBack.connect.headline", server.port()))
                                .got(e.toString()).read(TCP).error();
                    }
                }
                pusher.configureBlocking(false);
                var key = pusher.register(selector, SelectionKey.OP_WRITE);
                ByteBuffer chunk = ByteBuffer.wrap(letters(64 * 1024));
                long pushed = 0;
                boolean stalled = false;
                String error = null;
                try {
                    while (pushed < PUSH_LIMIT) {
                        int n = pusher.write(chunk.clear());
                        if (n > 0) {
                            pushed += n;
                            continue;
                        }
                        selector.selectedKeys().clear();
                        // no progress for a whole second: TCP holds the client back, as it should
                        if (selector.select(1000) == 0) {
                            stalled = true;
                            break;
                        }
                    }
                } catch (IOException e) {
                    error = e.toString();
                }
                key.cancel();
                long total = pushed;
                String err = error;
                boolean wasStalled = stalled;
                {
                    if (err != null && !wasStalled) {
                        throw Failure.of(WORDS.say("BackPressure.fastSenderIsHeldBack.dropped.headline"))
                                .sent(WORDS.say("BackPressure.fastSenderIsHeldBack.dropped.sent"))
                                .expected(WORDS.say("BackPressure.fastSenderIsHeldBack.dropped.expected"))
                                .got(WORDS.say("BackPressure.fastSenderIsHeldBack.dropped.got", err, mib(total)))
                                .likely(WORDS.say("BackPressure.fastSenderIsHeldBack.dropped.likely"))
                                .read(SEND)
                                .error();
                    }
                    if (!wasStalled) {
                        throw Failure.of(WORDS.say("BackPressure.fastSenderIsHeldBack.kept.headline"))
                                .sent(WORDS.say("BackPressure.fastSenderIsHeldBack.kept.sent"))
                                .expected(WORDS.say("BackPressure.fastSenderIsHeldBack.kept.expected"))
                                .got(WORDS.say("BackPressure.fastSenderIsHeldBack.kept.got", mib(total)))
                                .likely(WORDS.say("BackPressure.fastSenderIsHeldBack.kept.likely"))
                                .read(SEND)
                                .error();
                    }
                    try (var other = Client.connect(server.port(), REPLY, TCP)) {
                        other.exchange("anyone there?", "GOT:anyone there?", REPLY, ECHO,
                                WORDS.say("BackPressure.fastSenderIsHeldBack.other.likely", blocks()));
                    }
                }
                server.requireAlive(WORDS.say("BackPressure.fastSenderIsHeldBack.alive"), null);
            }
        }
    }

    /** A server out of descriptors keeps accepting once connections close, and says so once. */
    @Tag("hint-3")
    @ExtendWith(LearnerCode.class)
    public abstract static class OutOfDescriptors implements ServerChecks {

        @Override
        public ServerRun startServer(Sandbox sandbox) {
            return Step03Checks.server(sandbox.withDescriptors(LIMIT), DESCRIPTORS);
        }

        @Test
        public void survivesTooManyOpenFiles(ServerRun server) throws Exception {
            Assumptions.assumeTrue(Sandbox.limitsDescriptors(), WORDS.say("OutOfDescriptors.survivesTooManyOpenFiles.noLimit"));
            // a few echoes first, so every class of the server is loaded before the descriptors run out
            try (var few = Clients.connect(server.port(), 5, DESCRIPTORS)) {
                Step03Checks.exchangeAll(few.list(), i -> "warm-up " + i, WORDS.say("OutOfDescriptors.survivesTooManyOpenFiles.warmUp"), DESCRIPTORS,
                        WORDS.say("OutOfDescriptors.survivesTooManyOpenFiles.warmUp.likely"));
            }
            String called = WORDS.say("OutOfDescriptors.survivesTooManyOpenFiles.called", LIMIT);
            try (var crowd = Crowd.connect(server.port(), CROWD)) {
                crowd.awaitReplies(Duration.ofSeconds(10));
                int first = crowd.served();
                server.requireAlive(WORDS.say("OutOfDescriptors.survivesTooManyOpenFiles.died"), WORDS.say("OutOfDescriptors.survivesTooManyOpenFiles.died.likely"));
                Assumptions.assumeTrue(first < CROWD, WORDS.say("OutOfDescriptors.survivesTooManyOpenFiles.noHold", LIMIT));
                if (first == 0) {
                    throw Failure.of(WORDS.say("OutOfDescriptors.survivesTooManyOpenFiles.none.headline", LIMIT))
                            .called(called)
                            .expected(WORDS.say("OutOfDescriptors.survivesTooManyOpenFiles.none.expected"))
                            .got(Outcome.tail(server.run().outputSoFar(), 6))
                            .likely(WORDS.say("OutOfDescriptors.survivesTooManyOpenFiles.none.likely"))
                            .read(DESCRIPTORS)
                            .error();
                }
                // the served ones leave: their descriptors are free, so those that waited must be accepted now
                crowd.closeServed();
                crowd.awaitReplies(Duration.ofSeconds(10));
                int waited = CROWD - first, later = crowd.served();
                if (later < waited) {
                    List<String> output = server.run().outputSoFar();
                    String failed = output.stream().filter(l -> l.contains("Task failed")).findFirst().orElse(null);
                    throw Failure.of(WORDS.say("OutOfDescriptors.survivesTooManyOpenFiles.stopped.headline"))
                            .called(called)
                            .expected(WORDS.say("OutOfDescriptors.survivesTooManyOpenFiles.stopped.expected", first, waited))
                            .got(failed == null
                                    ? WORDS.say("OutOfDescriptors.survivesTooManyOpenFiles.stopped.got", later, waited, first)
                                    : WORDS.say("OutOfDescriptors.survivesTooManyOpenFiles.stopped.gotPrinted", later, waited, first, failed))
                            .likely(failed != null
                                    ? WORDS.say("OutOfDescriptors.survivesTooManyOpenFiles.stopped.likelyFailed", ServerRun.catchAccept())
                                    : WORDS.say("OutOfDescriptors.survivesTooManyOpenFiles.stopped.likely"))
                            .read(DESCRIPTORS)
                            .error();
                }
                server.requireAlive(WORDS.say("OutOfDescriptors.survivesTooManyOpenFiles.alive"), null);
                long said = server.run().outputSoFar().stream().filter(l -> l.contains("Too many open files")).count(); // data
                if (said == 0 || said > SAID_AT_MOST) {
                    throw Failure.of(said == 0
                                    ? WORDS.say("OutOfDescriptors.survivesTooManyOpenFiles.silent.headline")
                                    : WORDS.say("OutOfDescriptors.survivesTooManyOpenFiles.often.headline", said))
                            .called(called)
                            .expected(WORDS.say("OutOfDescriptors.survivesTooManyOpenFiles.said.expected"))
                            .got(Outcome.tail(server.run().outputSoFar().stream().filter(l -> !l.startsWith("Connection")).toList(), 4))
                            .likely(said == 0
                                    ? WORDS.say("OutOfDescriptors.survivesTooManyOpenFiles.silent.likely")
                                    : WORDS.say("OutOfDescriptors.survivesTooManyOpenFiles.often.likely"))
                            .read(DESCRIPTORS)
                            .error();
                }
            }
        }
    }

    /** Many clients on one selector: each sends {@code crowd N} and is served once {@code GOT:crowd N} is back. */
    static final class Crowd implements AutoCloseable {
        private final Selector selector;
        private final SocketChannel[] clients;
        private final ByteBuffer[] replies;
        private final boolean[] served;
        private final boolean[] closed;

        private Crowd(Selector selector, int n) {
            this.selector = selector;
            this.clients = new SocketChannel[n];
            this.replies = new ByteBuffer[n];
            this.served = new boolean[n];
            this.closed = new boolean[n];
        }

        static String message(int i) {
            return "crowd " + i;
        }

        /** Connects {@code n} clients, one after the other, and sends each its message. */
        static Crowd connect(int port, int n) throws IOException {
            var crowd = new Crowd(Selector.open(), n);
            try {
                var address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
                for (int i = 0; i < n; i++) {
                    var c = SocketChannel.open();
                    crowd.clients[i] = c;
                    // a connection the server has not accepted is complete all the same: it waits in the listen queue
                    c.socket().connect(address, 5000);
                    c.write(ByteBuffer.wrap(message(i).getBytes(StandardCharsets.US_ASCII)));
                    c.configureBlocking(false);
                    c.register(crowd.selector, SelectionKey.OP_READ, i);
                    crowd.replies[i] = ByteBuffer.allocate(64);
                }
                return crowd;
            } catch (IOException e) {
                crowd.close();
                throw Failure.of(WORDS.say("Crowd.connect.headline", port))
                        .got(e.toString()).read(DESCRIPTORS).error();
            }
        }

        /** Reads replies until every open client is served, none came for a second, or the deadline passed. */
        void awaitReplies(Duration deadline) throws IOException {
            long until = System.nanoTime() + deadline.toNanos();
            long quiet = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < Math.min(until, quiet) && !allServed()) {
                if (selector.select(100) == 0) continue;
                for (var key : selector.selectedKeys()) {
                    int i = (Integer) key.attachment();
                    int n;
                    try {
                        n = clients[i].read(replies[i]);
                    } catch (IOException e) {
                        n = -1;
                    }
                    if (n < 0) {
                        key.cancel();
                        continue;
                    }
                    quiet = System.nanoTime() + 1_000_000_000L;
                    String expected = "GOT:" + message(i);
                    String got = new String(replies[i].array(), 0, replies[i].position(), StandardCharsets.US_ASCII);
                    if (got.equals(expected)) {
                        served[i] = true;
                        key.interestOps(0);
                    } else if (!expected.startsWith(got)) {
                        throw Failure.of(WORDS.say("Crowd.awaitReplies.headline"))
                                .sent(message(i)).expected(expected).got(got).read(ECHO).error();
                    }
                }
                selector.selectedKeys().clear();
            }
        }

        private boolean allServed() {
            for (int i = 0; i < clients.length; i++) if (!closed[i] && !served[i]) return false;
            return true;
        }

        /** How many open clients are served. */
        int served() {
            int n = 0;
            for (int i = 0; i < clients.length; i++) if (!closed[i] && served[i]) n++;
            return n;
        }

        /** Closes every served client. */
        void closeServed() throws IOException {
            for (int i = 0; i < clients.length; i++) {
                if (served[i] && !closed[i]) {
                    clients[i].close();
                    closed[i] = true;
                }
            }
        }

        @Override
        public void close() throws IOException {
            for (var c : clients) if (c != null) c.close();
            selector.close();
        }
    }
}
