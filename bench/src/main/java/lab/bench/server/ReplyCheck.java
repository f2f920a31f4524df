package lab.bench.server;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.nio.ByteBuffer;

/**
 * Checks, byte by byte, that the reply to one request is {@code GOT:} + the request, in one piece or several.
 *
 * <p>The lab's servers answer each read with {@code GOT:} + the bytes it returned, so a request may come back as
 * several pieces (and Netty's reads split it differently again). Requests never contain {@code G}: where the next
 * byte of the request was expected and a {@code G} comes, it is the start of the next piece, anything else is wrong.
 */
final class ReplyCheck {

    /** The reply prefix of the lab's protocol (STYLE.md point 12). */
    static final byte[] GOT = "GOT:".getBytes(US_ASCII);

    /** The one byte a request never holds, so that a piece's prefix cannot be mistaken for data. */
    static final byte NEVER_SENT = 'G';

    /** A reply that is not {@code GOT:} + the request. */
    static final class ProtocolError extends Exception {
        ProtocolError(String message) {
            super(message, null, false, false);
        }
    }

    private ByteBuffer expected = ByteBuffer.allocate(0);
    private int header;    // bytes of the current piece's GOT: seen so far; GOT.length inside a piece's data
    private int received;  // bytes of the request echoed so far
    private boolean whole = true; // until the first request: nothing is expected

    /** Starts checking the reply to {@code request}: the bytes from its position to its limit (not consumed). */
    void expect(ByteBuffer request) {
        expected = request.slice();
        header = 0;
        received = 0;
        whole = false;
    }

    /** Requests of {@code size} bytes, none of them {@code G}, made from a seed: every byte value but {@code G} occurs. */
    static byte[] requestBytes(int size, long seed) {
        var random = new java.util.SplittableRandom(seed);
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            int b = random.nextInt(255);
            bytes[i] = (byte) (b >= NEVER_SENT ? b + 1 : b);
        }
        return bytes;
    }

    /**
     * Takes reply bytes from {@code in} until the reply is whole (returns true, leaving what follows in {@code in})
     * or {@code in} is empty (returns false).
     */
    boolean take(ByteBuffer in) throws ProtocolError {
        if (whole) {
            if (!in.hasRemaining()) return false;
            throw new ProtocolError("more bytes came after the whole reply, before the next request");
        }
        int size = expected.limit();
        while (in.hasRemaining()) {
            if (header < GOT.length) {
                byte b = in.get();
                if (b != GOT[header]) {
                    throw new ProtocolError("expected \"GOT:\" before the echoed bytes; byte " + header + " of a piece was "
                            + show(b) + " after " + received + " of " + size + " bytes echoed");
                }
                header++;
                continue;
            }
            if (received == size) return whole = true;
            int n = Math.min(in.remaining(), size - received);
            int same = in.slice(in.position(), n).mismatch(expected.slice(received, n));
            if (same < 0) same = n;
            in.position(in.position() + same);
            received += same;
            if (same < n) {
                byte b = in.get(in.position());
                if (b != NEVER_SENT) {
                    throw new ProtocolError("byte " + received + " of " + size + " came back as " + show(b) + ", sent "
                            + show(expected.get(received)));
                }
                header = 0; // the next piece: GOT: + more of the request
            }
        }
        return whole = header == GOT.length && received == size;
    }

    /** How many bytes of the request have come back. */
    int received() {
        return received;
    }

    private static String show(byte b) {
        return b >= 0x20 && b < 0x7f ? "'" + (char) b + "'" : "0x%02x".formatted(b & 0xff);
    }
}
