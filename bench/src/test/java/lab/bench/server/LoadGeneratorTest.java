package lab.bench.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import lab.bench.server.LoadGenerator.ErrorKind;
import lab.bench.server.LoadGenerator.Result;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The load generator against small servers on threads, right ones and wrong ones: it counts what each does. */
@DisplayName("The load generator")
@Timeout(60)
class LoadGeneratorTest {

    /** What a test server does with one client. */
    interface Behaviour {
        void serve(int client, InputStream in, OutputStream out) throws IOException;
    }

    /** Echoes GOT: + each read, cutting every reply in two pieces at a varying place. */
    static final Behaviour ECHO_IN_PIECES = (client, in, out) -> {
        byte[] b = new byte[70_000];
        int turn = 0;
        for (int n; (n = in.read(b)) > 0; turn++) {
            int cut = n > 1 ? 1 + turn % (n - 1) : n;
            out.write(pieces(b, 0, cut));
            if (cut < n) out.write(pieces(b, cut, n));
        }
    };

    static byte[] pieces(byte[] b, int from, int to) {
        byte[] reply = new byte[4 + to - from];
        System.arraycopy("GOT:".getBytes(), 0, reply, 0, 4);
        System.arraycopy(b, from, reply, 4, to - from);
        return reply;
    }

    private static Result run(Behaviour behaviour, int conns, int size, Duration rampDeadline) throws Exception {
        try (var server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress())) {
            var clients = new AtomicInteger();
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        int id = clients.getAndIncrement();
                        Thread.ofVirtual().start(() -> {
                            try (s) {
                                behaviour.serve(id, s.getInputStream(), s.getOutputStream());
                            } catch (IOException e) {
                                // the load generator closed the connection
                            }
                        });
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            var settings = new LoadGenerator.Settings(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()),
                    conns, size, Duration.ofMillis(200), Duration.ofSeconds(1), rampDeadline, Duration.ofSeconds(1));
            return new LoadGenerator(settings, () -> 0).run();
        }
    }

    @Test
    @DisplayName("runs round trips of 64 B on 50 connections, replies in pieces, without an error, keeping every latency")
    void small() throws Exception {
        Result r = run(ECHO_IN_PIECES, 50, 64, Duration.ofSeconds(10));
        assertThat(r.errors()).isEmpty();
        assertThat(r.roundTrips()).isPositive();
        assertThat(r.sortedLatencyNanos()).hasSize((int) r.roundTrips());
        assertThat(r.percentileMicros(0.5)).isPositive().isLessThanOrEqualTo(r.percentileMicros(0.999));
        assertThat(r.readySeconds()).isPositive();
        assertThat(r.idleShare()).isBetween(0.0, 1.0);
    }

    @Test
    @DisplayName("runs round trips of 1 MiB, echoed while they are being sent")
    void big() throws Exception {
        Result r = run(ECHO_IN_PIECES, 2, 1 << 20, Duration.ofSeconds(10));
        assertThat(r.errors()).isEmpty();
        assertThat(r.roundTrips()).isPositive();
        assertThat(r.mibPerSecond()).isPositive();
    }

    @Test
    @DisplayName("counts a wrong byte as a protocol error, and ends that connection only")
    void wrongByte() throws Exception {
        Result r = run((client, in, out) -> {
            byte[] b = new byte[1000];
            int turn = 0;
            for (int n; (n = in.read(b)) > 0; ) {
                byte[] reply = pieces(b, 0, n);
                if (client < 3 && ++turn == 50) reply[10] ^= 1;
                out.write(reply);
            }
        }, 10, 64, Duration.ofSeconds(10));
        assertThat(r.errors()).containsOnlyKeys(ErrorKind.PROTOCOL).containsEntry(ErrorKind.PROTOCOL, 3L);
        assertThat(r.firstErrors().get(ErrorKind.PROTOCOL)).contains("byte 6 of 64 came back as");
        assertThat(r.roundTrips()).isPositive();
    }

    @Test
    @DisplayName("counts a connection the server closes as an I/O error")
    void closed() throws Exception {
        Result r = run((client, in, out) -> {
            byte[] b = new byte[1000];
            int n = in.read(b);
            out.write(pieces(b, 0, n));
        }, 5, 64, Duration.ofSeconds(10));
        assertThat(r.errors()).containsOnlyKeys(ErrorKind.IO).containsEntry(ErrorKind.IO, 5L);
        assertThat(r.firstErrors().get(ErrorKind.IO)).contains("the server closed the connection");
    }

    @Test
    @DisplayName("counts connections no server takes as connect errors, and those never answered as timeouts, by its deadline")
    void nobody() throws Exception {
        int port;
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var settings = new LoadGenerator.Settings(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 3, 64,
                Duration.ZERO, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(1));
        Result refused = new LoadGenerator(settings, () -> 0).run();
        assertThat(refused.errors()).containsOnlyKeys(ErrorKind.CONNECT).containsEntry(ErrorKind.CONNECT, 3L);

        long start = System.nanoTime();
        Result silent = run((client, in, out) -> in.readAllBytes(), 4, 64, Duration.ofSeconds(1));
        assertThat(silent.errors()).containsOnlyKeys(ErrorKind.TIMEOUT).containsEntry(ErrorKind.TIMEOUT, 4L);
        assertThat(silent.firstErrors().get(ErrorKind.TIMEOUT)).contains("no whole first reply within the ramp-up");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    @DisplayName("counts a request still unanswered after the reply deadline as a timeout")
    void stalls() throws Exception {
        Result r = run((client, in, out) -> {
            byte[] b = new byte[1000];
            for (int turn = 0; turn < 20; turn++) {
                int n = in.read(b);
                if (n < 0) return;
                out.write(pieces(b, 0, n));
            }
            in.readAllBytes(); // then silence
        }, 2, 64, Duration.ofSeconds(10));
        assertThat(r.errors()).containsOnlyKeys(ErrorKind.TIMEOUT).containsEntry(ErrorKind.TIMEOUT, 2L);
        assertThat(Arrays.stream(r.sortedLatencyNanos()).max().orElse(0)).isLessThan(Duration.ofSeconds(1).toNanos());
    }
}
