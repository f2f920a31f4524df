package lab.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The probe's protocol: each event written as one frame and read back, the writer's limits, and what the reader refuses. */
@DisplayName("An event")
class EventTest {

    /** One event of every kind, with fields of every shape: empty, plain, multi-byte. */
    static Stream<Event> everyKind() {
        return Stream.of(
                new Event.Hello("0123456789abcdef"),
                new Event.Hello(""),
                new Event.Output(false, "ran A", false),
                new Event.Output(true, "Exception in thread \"main\"", false),
                new Event.Output(false, "xxxx", true),
                new Event.Output(false, "", false),
                new Event.Fact("listening", List.of("40123")),
                new Event.Fact("threads-started", List.of()),
                new Event.Fact("got", List.of("héllo", "", "😀 €")),
                new Event.NewThread("worker-1", false),
                new Event.NewThread("", true),
                new Event.Thrown("java.lang.IllegalStateException", "no task", List.of("lab.Scheduler.run(Scheduler.java:12)")),
                new Event.Thrown("lab.Boom", "", List.of()),
                new Event.Timeout(10_000, List.of("java.base/java.lang.Thread.sleep(Thread.java:1)", "lab.Loop.spin(Loop.java:3)")),
                new Event.Timeout(0, List.of()),
                new Event.Timeout(Long.MAX_VALUE, List.of()),
                new Event.Exited(List.of("java.base/java.lang.System.exit(System.java:1)")),
                new Event.Exited(List.of()),
                new Event.Done());
    }

    static byte[] bytes(Event e) {
        var out = new ByteArrayOutputStream();
        try {
            e.writeTo(out);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return out.toByteArray();
    }

    static Event roundTrip(Event e) throws IOException {
        return Event.readFrom(new ByteArrayInputStream(bytes(e)));
    }

    /** The length a frame declares in its first 4 bytes. */
    static int declaredLength(byte[] frame) {
        return ByteBuffer.wrap(frame).getInt();
    }

    /** A frame as raw bytes: a length (maybe a lie) and a body written by {@code body}. */
    static byte[] frame(int length, IOConsumer body) throws IOException {
        var out = new ByteArrayOutputStream();
        var d = new DataOutputStream(out);
        d.writeInt(length);
        body.accept(d);
        return out.toByteArray();
    }

    /** A frame whose length is its body's, so only the body can be wrong. */
    static byte[] frame(IOConsumer body) throws IOException {
        var b = new ByteArrayOutputStream();
        body.accept(new DataOutputStream(b));
        return frame(b.size(), d -> d.write(b.toByteArray()));
    }

    interface IOConsumer {
        void accept(DataOutputStream d) throws IOException;
    }

    static Event read(byte[] raw) throws IOException {
        return Event.readFrom(new ByteArrayInputStream(raw));
    }

    @Nested
    @DisplayName("written and read back")
    class RoundTrip {

        @ParameterizedTest(name = "{0}")
        @MethodSource("lab.probe.EventTest#everyKind")
        @DisplayName("is the same event, of every kind")
        void same(Event e) throws IOException {
            assertThat(roundTrip(e)).isEqualTo(e);
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("lab.probe.EventTest#everyKind")
        @DisplayName("is one frame: a 4-byte length, then exactly that many bytes, starting with the tag")
        void oneFrame(Event e) {
            byte[] b = bytes(e);
            assertThat(declaredLength(b)).isEqualTo(b.length - 4);
            String tags = switch (e) {
                case Event.Hello h -> "H";
                case Event.Output o -> "O";
                case Event.Fact f -> "F";
                case Event.NewThread t -> "N";
                case Event.Thrown t -> "T";
                case Event.Timeout t -> "W";
                case Event.Exited x -> "X";
                case Event.Done d -> "D";
            };
            assertThat((char) b[4]).isEqualTo(tags.charAt(0));
        }

        @Test
        @DisplayName("keeps events apart on one stream, in order, then ends cleanly")
        void stream() throws IOException {
            var out = new ByteArrayOutputStream();
            List<Event> all = everyKind().toList();
            for (Event e : all) e.writeTo(out);
            var in = new ByteArrayInputStream(out.toByteArray());
            List<Event> back = new ArrayList<>();
            for (Event e; (e = Event.readFrom(in)) != null; ) back.add(e);
            assertThat(back).isEqualTo(all);
        }

        @Test
        @DisplayName("sends a null string as an empty one")
        void nullText() throws IOException {
            assertThat(roundTrip(new Event.Hello(null))).isEqualTo(new Event.Hello(""));
            assertThat(roundTrip(new Event.Thrown("lab.Boom", null, List.of()))).isEqualTo(new Event.Thrown("lab.Boom", "", List.of()));
        }

        @Test
        @DisplayName("flushes the stream it writes to, so a buffered socket sends each event at once")
        void flushes() throws IOException {
            var flushed = new ByteArrayOutputStream();
            var sink = new java.io.BufferedOutputStream(flushed, 1 << 16);
            new Event.Done().writeTo(sink);
            assertThat(flushed.toByteArray()).hasSize(5);
        }
    }

    @Nested
    @DisplayName("with fields over the writer's limits")
    class Limits {

        static final String LONG = "x".repeat(100_000);

        @Test
        @DisplayName("has a line of output cut at LINE_LIMIT bytes")
        void line() throws IOException {
            var back = (Event.Output) roundTrip(new Event.Output(false, LONG, true));
            assertThat(back.text()).isEqualTo("x".repeat(Event.LINE_LIMIT));
        }

        @Test
        @DisplayName("has a token, a fact's name and values, a thread's name and a class name cut at FRAME_TEXT_LIMIT bytes")
        void shortTexts() throws IOException {
            String cut = "x".repeat(Event.FRAME_TEXT_LIMIT);
            assertThat(roundTrip(new Event.Hello(LONG))).isEqualTo(new Event.Hello(cut));
            assertThat(roundTrip(new Event.Fact(LONG, List.of(LONG, "y")))).isEqualTo(new Event.Fact(cut, List.of(cut, "y")));
            assertThat(roundTrip(new Event.NewThread(LONG, true))).isEqualTo(new Event.NewThread(cut, true));
            assertThat(((Event.Thrown) roundTrip(new Event.Thrown(LONG, "m", List.of()))).className()).isEqualTo(cut);
        }

        @Test
        @DisplayName("has an exception's message cut at TEXT_LIMIT bytes")
        void message() throws IOException {
            var back = (Event.Thrown) roundTrip(new Event.Thrown("lab.Boom", LONG, List.of()));
            assertThat(back.message()).isEqualTo("x".repeat(Event.TEXT_LIMIT));
        }

        @Test
        @DisplayName("has a list cut to its first LIST_LIMIT entries, each cut at FRAME_TEXT_LIMIT bytes")
        void lists() throws IOException {
            List<String> frames = IntStream.range(0, 500).mapToObj(i -> i + LONG).toList();
            var back = (Event.Exited) roundTrip(new Event.Exited(frames));
            assertThat(back.frames()).hasSize(Event.LIST_LIMIT);
            assertThat(back.frames()).allSatisfy(f -> assertThat(f.getBytes(StandardCharsets.UTF_8)).hasSize(Event.FRAME_TEXT_LIMIT));
            assertThat(back.frames().get(7)).startsWith("7x");
        }

        @Test
        @DisplayName("counts its limits in UTF-8 bytes, not characters")
        void bytesNotChars() throws IOException {
            var back = (Event.Hello) roundTrip(new Event.Hello("😀".repeat(1000))); // 4 bytes each
            assertThat(back.token()).isEqualTo("😀".repeat(Event.FRAME_TEXT_LIMIT / 4));
        }

        @Test
        @DisplayName("has a character cut in half arrive as a replacement character, never as a malformed frame")
        void halfACharacter() throws IOException {
            var back = (Event.Hello) roundTrip(new Event.Hello("a" + "€".repeat(1000))); // 1 + 3n bytes: the cut falls inside a €
            assertThat(back.token()).startsWith("a€€").endsWith("\ufffd").doesNotContain("\ud800");
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("lab.probe.EventTest#largest")
        @DisplayName("is still a frame of at most MAX_FRAME bytes, which the reader accepts")
        void neverOverMaxFrame(Event e) throws IOException {
            byte[] b = bytes(e);
            assertThat(declaredLength(b)).isLessThanOrEqualTo(Event.MAX_FRAME).isEqualTo(b.length - 4);
            assertThat(read(b)).isNotNull();
        }
    }

    /** Each kind with every field far over its limit, in multi-byte characters too. */
    static Stream<Event> largest() {
        String big = "é".repeat(20_000), bigger = "😀".repeat(20_000);
        List<String> many = Collections.nCopies(1_000, bigger);
        return Stream.of(
                new Event.Hello(bigger),
                new Event.Output(true, big, true),
                new Event.Output(false, bigger, false),
                new Event.Fact(bigger, many),
                new Event.NewThread(bigger, true),
                new Event.Thrown(bigger, bigger, many),
                new Event.Timeout(Long.MIN_VALUE, many),
                new Event.Exited(many));
    }

    @Nested
    @DisplayName("read from a stream")
    class Reading {

        @Test
        @DisplayName("is null at a clean end: an empty stream")
        void emptyStream() throws IOException {
            assertThat(read(new byte[0])).isNull();
        }

        @Test
        @DisplayName("is null at a clean end: after the last whole frame, and again after that")
        void afterLastFrame() throws IOException {
            var in = new ByteArrayInputStream(bytes(new Event.Done()));
            assertThat(Event.readFrom(in)).isEqualTo(new Event.Done());
            assertThat(Event.readFrom(in)).isNull();
            assertThat(Event.readFrom(in)).isNull();
        }

        @Test
        @DisplayName("is an EOFException, not a clean end, when the stream ends inside a frame's length")
        void endInsideLength() {
            assertThatThrownBy(() -> read(new byte[] {0, 0})).isInstanceOf(EOFException.class);
        }

        @Test
        @DisplayName("reads no byte past its frame")
        void noReadAhead() throws IOException {
            byte[] done = bytes(new Event.Done());
            byte[] two = new byte[done.length + 3];
            System.arraycopy(done, 0, two, 0, done.length);
            var in = new ByteArrayInputStream(two);
            Event.readFrom(in);
            assertThat(in.available()).isEqualTo(3);
        }

        @Test
        @DisplayName("accepts a frame of exactly MAX_FRAME bytes")
        void exactlyMaxFrame() throws IOException {
            int text = Event.MAX_FRAME - 1 - 4; // tag, string length
            byte[] raw = frame(d -> {
                d.writeByte('H');
                d.writeInt(text);
                d.write("t".repeat(text).getBytes(StandardCharsets.US_ASCII));
            });
            assertThat(declaredLength(raw)).isEqualTo(Event.MAX_FRAME);
            assertThat(read(raw)).isEqualTo(new Event.Hello("t".repeat(text)));
        }
    }

    @Nested
    @DisplayName("is refused as Malformed")
    class Refused {

        void assertMalformed(byte[] raw, String reason) {
            assertThatThrownBy(() -> read(raw)).isExactlyInstanceOf(Event.Malformed.class).hasMessageContaining(reason);
        }

        @Test
        @DisplayName("for a length of 0")
        void zeroLength() throws IOException {
            assertMalformed(frame(0, d -> {}), "a frame of 0 bytes");
        }

        @Test
        @DisplayName("for a negative length")
        void negativeLength() throws IOException {
            assertMalformed(frame(-1, d -> d.writeByte('D')), "a frame of -1 bytes");
            assertMalformed(frame(Integer.MIN_VALUE, d -> d.writeByte('D')), "a frame of " + Integer.MIN_VALUE + " bytes");
        }

        @Test
        @DisplayName("for a length over MAX_FRAME, before reading or allocating its body")
        void overMaxFrame() throws IOException {
            assertMalformed(frame(Event.MAX_FRAME + 1, d -> d.write(new byte[Event.MAX_FRAME + 1])), "a frame of " + (Event.MAX_FRAME + 1));
            assertMalformed(frame(Integer.MAX_VALUE, d -> {}), "a frame of " + Integer.MAX_VALUE);
        }

        @Test
        @DisplayName("for a frame cut off after its length")
        void cutOff() throws IOException {
            assertMalformed(frame(10, d -> d.write(new byte[] {'H', 0, 0})), "cut off");
            assertMalformed(frame(1, d -> {}), "cut off");
        }

        @Test
        @DisplayName("for an unknown tag")
        void unknownTag() throws IOException {
            assertMalformed(frame(d -> d.writeByte('Z')), "tag 90");
            assertMalformed(frame(d -> d.writeByte(0xff)), "tag 255");
        }

        @Test
        @DisplayName("for a boolean byte other than 0 or 1")
        void notABoolean() throws IOException {
            assertMalformed(frame(d -> {
                d.writeByte('O');
                d.writeByte(2);
                d.writeByte(0);
                d.writeInt(0);
            }), "a boolean 2");
            assertMalformed(frame(d -> {
                d.writeByte('N');
                d.writeInt(0);
                d.writeByte(-1);
            }), "a boolean -1");
        }

        @Test
        @DisplayName("for a string longer than what is left of its frame")
        void stringBeyondFrame() throws IOException {
            assertMalformed(frame(d -> {
                d.writeByte('H');
                d.writeInt(4);
                d.write(new byte[] {'a', 'b', 'c'});
            }), "a string of 4 bytes");
            assertMalformed(frame(d -> {
                d.writeByte('H');
                d.writeInt(Integer.MAX_VALUE);
            }), "a string of " + Integer.MAX_VALUE);
        }

        @Test
        @DisplayName("for a string of negative length")
        void negativeString() throws IOException {
            assertMalformed(frame(d -> {
                d.writeByte('H');
                d.writeInt(-1);
            }), "a string of -1 bytes");
        }

        @Test
        @DisplayName("for a list longer than LIST_LIMIT, though its entries are all there")
        void listOverLimit() throws IOException {
            assertMalformed(frame(d -> {
                d.writeByte('X');
                d.writeInt(Event.LIST_LIMIT + 1);
                for (int i = 0; i <= Event.LIST_LIMIT; i++) d.writeInt(0);
            }), "a list of " + (Event.LIST_LIMIT + 1));
        }

        @Test
        @DisplayName("for a list of negative length")
        void negativeList() throws IOException {
            assertMalformed(frame(d -> {
                d.writeByte('X');
                d.writeInt(-1);
            }), "a list of -1");
        }

        @Test
        @DisplayName("for a frame shorter than its fields")
        void shortFields() throws IOException {
            assertMalformed(frame(d -> {
                d.writeByte('W');
                d.writeShort(7); // half a long
            }), "shorter than its fields");
            assertMalformed(frame(d -> d.writeByte('O')), "shorter than its fields");
        }

        @Test
        @DisplayName("for bytes left over after its fields")
        void leftOver() throws IOException {
            assertMalformed(frame(d -> {
                d.writeByte('D');
                d.writeByte(0);
            }), "1 bytes left over");
            byte[] hello = bytes(new Event.Hello("tok"));
            assertMalformed(frame(d -> {
                d.write(hello, 4, hello.length - 4);
                d.writeInt(0);
            }), "4 bytes left over");
        }
    }

    @Nested
    @DisplayName("is last")
    class Last {

        @ParameterizedTest(name = "{0}")
        @MethodSource("lab.probe.EventTest#everyKind")
        @DisplayName("exactly when it is Thrown, Timeout, Exited or Done")
        void isLast(Event e) {
            boolean expected = e instanceof Event.Thrown || e instanceof Event.Timeout || e instanceof Event.Exited || e instanceof Event.Done;
            assertThat(e.isLast()).isEqualTo(expected);
        }

        @Test
        @DisplayName("for four kinds, and not for Hello, Output, Fact or NewThread")
        void kinds() {
            var last = everyKind().collect(java.util.stream.Collectors.partitioningBy(Event::isLast,
                    java.util.stream.Collectors.mapping(e -> e.getClass().getSimpleName(), java.util.stream.Collectors.toSet())));
            assertThat(last.get(true)).containsExactlyInAnyOrder("Thrown", "Timeout", "Exited", "Done");
            assertThat(last.get(false)).containsExactlyInAnyOrder("Hello", "Output", "Fact", "NewThread");
        }
    }

    @Nested
    @DisplayName("read from random bytes")
    class Fuzz {

        static final byte[] TAGS = "HOFNTWXD".getBytes(StandardCharsets.US_ASCII);

        /**
         * Random bytes: a third of them pure noise, a third framed with a plausible length and a real tag (so the reader
         * gets past the header), a third a valid frame followed by noise.
         */
        static byte[] random(Random r) {
            byte[] b = new byte[r.nextInt(0, 96)];
            r.nextBytes(b);
            switch (r.nextInt(3)) {
                case 0 -> {
                    return b;
                }
                case 1 -> {
                    if (b.length > 5) {
                        ByteBuffer.wrap(b).putInt(b.length - 4 + r.nextInt(-2, 3)).put(TAGS[r.nextInt(TAGS.length)]);
                        // small field lengths and booleans, so that some fields read
                        for (int i = 5; i < b.length; i++) if (r.nextInt(3) == 0) b[i] = (byte) r.nextInt(0, 3);
                    }
                    return b;
                }
                default -> {
                    List<Event> kinds = everyKind().toList();
                    byte[] valid = bytes(kinds.get(r.nextInt(kinds.size())));
                    byte[] out = java.util.Arrays.copyOf(valid, valid.length + b.length % 9);
                    System.arraycopy(b, 0, out, valid.length, b.length % 9);
                    return out;
                }
            }
        }

        @Test
        @DisplayName("is an event, a clean end, Malformed or an EOFException: never another exception, never a wait or a large allocation")
        void onlyExpectedOutcomes() {
            var r = new Random(20250101L);
            int[] outcomes = new int[4]; // event, end, Malformed, EOF
            long start = System.nanoTime();
            for (int i = 0; i < 2_000; i++) {
                byte[] b = random(r);
                InputStream in = new ByteArrayInputStream(b);
                try {
                    // read to the end, as the checker does
                    while (true) {
                        Event e = Event.readFrom(in);
                        if (e == null) {
                            outcomes[1]++;
                            break;
                        }
                        outcomes[0]++;
                        assertThat(bytes(e).length).isLessThanOrEqualTo(Event.MAX_FRAME + 4);
                    }
                } catch (Event.Malformed m) {
                    outcomes[2]++;
                } catch (EOFException eof) {
                    outcomes[3]++;
                } catch (Throwable t) {
                    fail("bytes " + java.util.HexFormat.of().formatHex(b) + " threw " + t, t);
                }
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            // the generator reaches every outcome, so the test exercises the reader beyond its header check
            assertThat(outcomes).as("events, ends, Malformed, EOFs").doesNotContain(0);
        }

        @Test
        @DisplayName("with a valid frame's bytes changed at random is also an event, Malformed or an EOFException")
        void mutatedFrames() {
            var r = new Random(42L);
            List<byte[]> valid = Stream.concat(everyKind(), largest()).map(EventTest::bytes).toList();
            for (int i = 0; i < 2_000; i++) {
                byte[] b = valid.get(r.nextInt(valid.size())).clone();
                for (int k = r.nextInt(1, 4); k > 0; k--) b[r.nextInt(b.length)] = (byte) r.nextInt();
                if (r.nextInt(4) == 0) b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
                try {
                    var in = new ByteArrayInputStream(b);
                    while (Event.readFrom(in) != null) {
                        // keep reading
                    }
                } catch (Event.Malformed | EOFException expected) {
                    // refused
                } catch (Throwable t) {
                    fail("bytes " + java.util.HexFormat.of().formatHex(b) + " threw " + t, t);
                }
            }
        }
    }
}
