package lab.probe;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the JVM that runs learner code reports to the checker: the only protocol between the two, written and read
 * here and nowhere else.
 *
 * <p>Each event travels as one frame on a loopback socket that only the probe holds: a 4-byte length, a tag byte,
 * then the event's fields (ints, and strings as a length and UTF-8 bytes). The writer cuts every field to a limit,
 * so no frame is longer than {@link #MAX_FRAME}; the reader refuses anything else as {@link Malformed}.
 * <pre>
 *   tag  event      when
 *   H    Hello      first, once: the token the checker gave on the probe's stdin
 *   O    Output     a line learner code printed, on stdout or stderr (cut at LINE_LIMIT bytes)
 *   F    Fact       a fact the scenario reports: a name and its values
 *   N    NewThread  a thread appeared that the probe did not start
 *   T    Thrown     last: learner code threw
 *   W    Timeout    last: the watchdog stopped the scenario
 *   X    Exited     last: learner code ended the JVM itself
 *   D    Done       last: the scenario returned
 * </pre>
 */
public sealed interface Event {

    /** The longest frame either side accepts, in bytes. */
    int MAX_FRAME = 16 * 1024;

    /** The longest line of learner output, in bytes; a longer one is cut and marked. */
    int LINE_LIMIT = 4 * 1024;

    /** The first frame: proves the sender is the probe the checker started. */
    record Hello(String token) implements Event {}

    /** A line learner code printed; {@code cut} if it was longer than {@link #LINE_LIMIT} bytes. */
    record Output(boolean stderr, String text, boolean cut) implements Event {}

    /** A fact the scenario reports, such as {@code listening 40123}. */
    record Fact(String name, List<String> values) implements Event {
        public Fact {
            values = List.copyOf(values);
        }
    }

    /** A thread the probe did not start, seen while the scenario ran. */
    record NewThread(String name, boolean daemon) implements Event {}

    /** Learner code threw this; its stack innermost first, learner frames and the JDK's. */
    record Thrown(String className, String message, List<String> frames) implements Event {
        public Thrown {
            frames = List.copyOf(frames);
        }
    }

    /** The watchdog fired after {@code millis}; {@code frames} is where the scenario's thread was. */
    record Timeout(long millis, List<String> frames) implements Event {
        public Timeout {
            frames = List.copyOf(frames);
        }
    }

    /** Learner code ended the JVM (System.exit); {@code frames} is where. */
    record Exited(List<String> frames) implements Event {
        public Exited {
            frames = List.copyOf(frames);
        }
    }

    /** The scenario returned. */
    record Done() implements Event {}

    /** Whether this is the last event of a run: after it the probe ends its JVM. */
    default boolean isLast() {
        return this instanceof Thrown || this instanceof Timeout || this instanceof Exited || this instanceof Done;
    }

    /** A frame that is not one this protocol writes. */
    final class Malformed extends IOException {
        public Malformed(String message) {
            super(message);
        }
    }

    // ---- writing -----------------------------------------------------------------------------------------------

    /** Limits the writer applies to fields, so that every frame stays under {@link #MAX_FRAME}. */
    int TEXT_LIMIT = 2 * 1024, FRAME_TEXT_LIMIT = 300, LIST_LIMIT = 40;

    /** Writes this event as one frame and flushes. */
    default void writeTo(OutputStream out) throws IOException {
        var body = new ByteArrayOutputStream(64);
        var d = new DataOutputStream(body);
        switch (this) {
            case Hello h -> {
                d.writeByte('H');
                text(d, h.token(), FRAME_TEXT_LIMIT);
            }
            case Output o -> {
                d.writeByte('O');
                d.writeBoolean(o.stderr());
                d.writeBoolean(o.cut());
                text(d, o.text(), LINE_LIMIT);
            }
            case Fact f -> {
                d.writeByte('F');
                text(d, f.name(), FRAME_TEXT_LIMIT);
                texts(d, f.values(), FRAME_TEXT_LIMIT);
            }
            case NewThread t -> {
                d.writeByte('N');
                text(d, t.name(), FRAME_TEXT_LIMIT);
                d.writeBoolean(t.daemon());
            }
            case Thrown t -> {
                d.writeByte('T');
                text(d, t.className(), FRAME_TEXT_LIMIT);
                text(d, t.message(), TEXT_LIMIT);
                texts(d, t.frames(), FRAME_TEXT_LIMIT);
            }
            case Timeout t -> {
                d.writeByte('W');
                d.writeLong(t.millis());
                texts(d, t.frames(), FRAME_TEXT_LIMIT);
            }
            case Exited x -> {
                d.writeByte('X');
                texts(d, x.frames(), FRAME_TEXT_LIMIT);
            }
            case Done ignored -> d.writeByte('D');
        }
        var frame = new DataOutputStream(out);
        frame.writeInt(body.size());
        body.writeTo(frame);
        frame.flush();
    }

    private static void text(DataOutputStream d, String s, int limitBytes) throws IOException {
        byte[] b = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
        int n = Math.min(b.length, limitBytes);
        d.writeInt(n);
        d.write(b, 0, n);
    }

    private static void texts(DataOutputStream d, List<String> list, int limitBytes) throws IOException {
        int n = Math.min(list.size(), LIST_LIMIT);
        d.writeInt(n);
        for (int i = 0; i < n; i++) text(d, list.get(i), limitBytes);
    }

    // ---- reading -----------------------------------------------------------------------------------------------

    /** Reads the next frame; null at a clean end of stream (between frames). */
    static Event readFrom(InputStream in) throws IOException {
        var data = new DataInputStream(in);
        int first = data.read();
        if (first < 0) return null;
        int length = (first << 24) | (data.readUnsignedByte() << 16) | (data.readUnsignedByte() << 8) | data.readUnsignedByte();
        if (length < 1 || length > MAX_FRAME) throw new Malformed("a frame of " + length + " bytes");
        byte[] body = new byte[length];
        try {
            data.readFully(body);
        } catch (EOFException e) {
            throw new Malformed("a frame cut off after its length");
        }
        var b = ByteBuffer.wrap(body);
        try {
            Event event = switch (b.get()) {
                case 'H' -> new Hello(text(b));
                case 'O' -> {
                    boolean stderr = bool(b), cut = bool(b);
                    yield new Output(stderr, text(b), cut);
                }
                case 'F' -> new Fact(text(b), texts(b));
                case 'N' -> new NewThread(text(b), bool(b));
                case 'T' -> new Thrown(text(b), text(b), texts(b));
                case 'W' -> new Timeout(b.getLong(), texts(b));
                case 'X' -> new Exited(texts(b));
                case 'D' -> new Done();
                default -> throw new Malformed("a frame with tag " + (body[0] & 0xff));
            };
            if (b.hasRemaining()) throw new Malformed("a frame with " + b.remaining() + " bytes left over");
            return event;
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new Malformed("a frame shorter than its fields");
        }
    }

    private static boolean bool(ByteBuffer b) throws Malformed {
        byte v = b.get();
        if (v != 0 && v != 1) throw new Malformed("a boolean " + v);
        return v == 1;
    }

    private static String text(ByteBuffer b) throws Malformed {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) throw new Malformed("a string of " + n + " bytes");
        String s = new String(body(b, n), StandardCharsets.UTF_8);
        return s;
    }

    private static byte[] body(ByteBuffer b, int n) {
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    private static List<String> texts(ByteBuffer b) throws Malformed {
        int n = b.getInt();
        if (n < 0 || n > LIST_LIMIT) throw new Malformed("a list of " + n);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(text(b));
        return out;
    }
}
