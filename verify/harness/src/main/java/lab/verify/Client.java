package lab.verify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/** A loopback test client whose every connect and read runs under a deadline. */
public final class Client implements AutoCloseable {

    private static final Words WORDS = Words.of(Client.class);

    private final Socket socket;
    private final int port;

    private Client(Socket socket, int port) {
        this.socket = socket;
        this.port = port;
    }

    /** Connects to 127.0.0.1:port within the timeout, or fails saying the server is not accepting. */
    public static Client connect(int port, Duration timeout, BookSection section) {
        return connect(port, timeout, section, 0);
    }

    /**
     * Like {@link #connect(int, Duration, BookSection)}, with a fixed receive buffer of this many bytes (0: the
     * system's, which grows up to many MiB), so that a client that does not read makes the server wait soon.
     */
    public static Client connect(int port, Duration timeout, BookSection section, int receiveBuffer) {
        var s = new Socket();
        try {
            s.setTcpNoDelay(true);
            if (receiveBuffer > 0) s.setReceiveBufferSize(receiveBuffer);
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) timeout.toMillis());
            return new Client(s, port);
        } catch (IOException e) {
            closeQuietly(s);
            throw Failure.of(WORDS.say("Client.connect.headline", port))
                    .expected(WORDS.say("Client.connect.expected"))
                    .got(e.getClass().getSimpleName() + ": " + e.getMessage())
                    .likely(WORDS.say("Client.connect.likely"))
                    .read(section)
                    .error();
        }
    }

    /** Sends these bytes, all of them. */
    public Client send(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(WORDS.say("Client.sendFailed", bytes.length, port), e);
        }
    }

    /** Sends a string as UTF-8. */
    public Client send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads until {@code n} bytes have arrived, the peer closes, or the timeout runs out; returns what arrived
     * (fewer than {@code n} bytes means the reply was short or late).
     */
    public byte[] read(int n, Duration timeout) {
        var got = new ByteArrayOutputStream();
        long until = System.nanoTime() + timeout.toNanos();
        byte[] buf = new byte[Math.min(Math.max(n, 1), 64 * 1024)];
        try {
            InputStream in = socket.getInputStream();
            while (got.size() < n) {
                long left = (until - System.nanoTime()) / 1_000_000;
                if (left <= 0) break;
                socket.setSoTimeout((int) Math.max(1, left));
                int r;
                try {
                    r = in.read(buf, 0, Math.min(buf.length, n - got.size()));
                } catch (SocketTimeoutException e) {
                    break;
                }
                if (r < 0) break;
                got.write(buf, 0, r);
            }
        } catch (IOException e) {
            // a reset reads as "what arrived so far"; the caller says what was expected
        }
        return got.toByteArray();
    }

    /**
     * Sends {@code message} and checks the reply is exactly {@code expected}, failing in learner language when it
     * is not (wrong bytes, short, or nothing within the timeout).
     */
    public void exchange(String message, String expected, Duration timeout, BookSection section, String likely) {
        send(message);
        expectReply(message, expected, timeout, section, likely);
    }

    /** Checks the next reply is exactly {@code expected} (see {@link #exchange}). */
    public void expectReply(String sent, String expected, Duration timeout, BookSection section, String likely) {
        byte[] want = expected.getBytes(StandardCharsets.UTF_8);
        byte[] got = read(want.length, timeout);
        if (!Arrays.equals(want, got)) {
            String quoted = got.length == 0 ? "" : Failure.quote(new String(got, StandardCharsets.UTF_8));
            String gotText = got.length == 0 ? WORDS.say("Client.reply.got.nothing", seconds(timeout))
                    : got.length < want.length ? WORDS.say("Client.reply.got.short", quoted, seconds(timeout))
                    : quoted;
            throw Failure.of(WORDS.say("Client.reply.headline"))
                    .sent(Failure.quote(sent))
                    .expected(Failure.quote(expected))
                    .got(gotText)
                    .likely(likely)
                    .read(section)
                    .values(expected, new String(got, StandardCharsets.UTF_8))
                    .error();
        }
    }

    /** A timeout in seconds as the learner's language writes a decimal: {@code 2.5} in English, {@code 2,5} in German and French. */
    private static String seconds(Duration timeout) {
        String s = String.valueOf(timeout.toMillis() / 1000.0);
        return Lang.current() == Lang.EN ? s : s.replace('.', ',');
    }

    /** Stops sending (a half-close): the server sees end of stream but can still reply. */
    public void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the server closed the connection (end of stream) within the timeout. */
    public boolean closedByServer(Duration timeout) {
        try {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset counts as closed
        }
    }

    /** Closes with a reset (RST) instead of a normal close, as a crashed client would. */
    public void reset() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        close();
    }

    /** The underlying socket, for checks this class does not offer. */
    public Socket socket() {
        return socket;
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
