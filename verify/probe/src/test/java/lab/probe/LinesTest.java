package lab.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Learner output as the probe sends it: bytes written to {@link Lines} become one {@link Event.Output} a line, on a
 * real {@link Channel} to a loopback socket this test holds, read back with {@link Event#readFrom}.
 *
 * <p>Nothing is sent after a test closes its end: a send that fails halts the JVM, as it should in the probe.
 */
@DisplayName("Learner output")
class LinesTest {

    static final Event END = new Event.Fact("end-of-test", List.of());

    ServerSocket server;
    Socket checker;
    InputStream in;
    Channel channel;
    Lines out, err;

    @BeforeEach
    void connect() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        String greeting = Channel.GREETING + " " + server.getLocalPort() + " token\n";
        channel = Channel.open(new ByteArrayInputStream(greeting.getBytes(StandardCharsets.US_ASCII)));
        checker = server.accept();
        checker.setSoTimeout(5_000);
        in = checker.getInputStream();
        assertThat(Event.readFrom(in)).isEqualTo(new Event.Hello("token"));
        out = new Lines(channel, false);
        err = new Lines(channel, true);
    }

    @AfterEach
    void close() throws IOException {
        checker.close();
        server.close();
    }

    void print(Lines lines, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        lines.write(b, 0, b.length);
    }

    /** Every event up to the marker this sends after them, so that none sent before it can be missed. */
    List<Event> received() throws IOException {
        channel.send(END);
        List<Event> events = new ArrayList<>();
        for (Event e; !END.equals(e = Event.readFrom(in)); ) {
            assertThat(e).as("the channel ended before the marker").isNotNull();
            events.add(e);
        }
        return events;
    }

    static Event.Output stdout(String text) {
        return new Event.Output(false, text, false);
    }

    @Nested
    @DisplayName("is split into lines")
    class Splitting {

        @Test
        @DisplayName("one Output event per line, at each \\n, the newline left out")
        void onePerLine() throws IOException {
            print(out, "ran A\nran B\n");
            assertThat(received()).containsExactly(stdout("ran A"), stdout("ran B"));
        }

        @Test
        @DisplayName("sending nothing until the line's newline comes")
        void waitsForNewline() throws IOException {
            print(out, "ran");
            assertThat(received()).isEmpty();
            print(out, " A\n");
            assertThat(received()).containsExactly(stdout("ran A"));
        }

        @Test
        @DisplayName("with an empty line sent as an empty Output")
        void emptyLines() throws IOException {
            print(out, "\n\nx\n");
            assertThat(received()).containsExactly(stdout(""), stdout(""), stdout("x"));
        }

        @Test
        @DisplayName("with \\r\\n ending a line as \\n does: the \\r is dropped")
        void crlf() throws IOException {
            print(out, "ran A\r\nran B\r\n");
            assertThat(received()).containsExactly(stdout("ran A"), stdout("ran B"));
        }

        @Test
        @DisplayName("with a \\r inside a line kept (the checker shows it escaped)")
        void innerCr() throws IOException {
            print(out, "50%\r100%\n");
            assertThat(received()).containsExactly(stdout("50%\r100%"));
        }

        @Test
        @DisplayName("the same whether written a byte at a time or all at once")
        void byteAtATime() throws IOException {
            for (byte b : "one\ntwo\n".getBytes(StandardCharsets.UTF_8)) out.write(b);
            assertThat(received()).containsExactly(stdout("one"), stdout("two"));
        }

        @Test
        @DisplayName("with an int written whose low 8 bits are a newline ending the line, as OutputStream's contract says")
        void writeIntLowBits() throws IOException {
            print(out, "a");
            new PrintStream(out, true, StandardCharsets.UTF_8).write(0x100 | '\n');
            print(out, "b\n");
            assertThat(received()).containsExactly(stdout("a"), stdout("b"));
        }

        @Test
        @DisplayName("marked stderr for System.err, in order with stdout")
        void stderr() throws IOException {
            print(out, "to out\n");
            print(err, "to err\n");
            print(out, "out again\n");
            assertThat(received()).containsExactly(stdout("to out"), new Event.Output(true, "to err", false), stdout("out again"));
        }

        @Test
        @DisplayName("through a PrintStream, as the probe installs it for System.out")
        void printStream() throws IOException {
            var ps = new PrintStream(out, true, StandardCharsets.UTF_8);
            ps.println("ran A");
            ps.print("no newline yet");
            ps.println();
            ps.printf("%d tasks%n", 3);
            assertThat(received()).containsExactly(stdout("ran A"), stdout("no newline yet"), stdout("3 tasks"));
        }
    }

    @Nested
    @DisplayName("keeps UTF-8 text")
    class Unicode {

        @Test
        @DisplayName("accents, symbols and emoji, as written")
        void survives() throws IOException {
            String text = "héllo wörld, 3 € — 日本語 😀";
            print(out, text + "\n");
            assertThat(received()).containsExactly(stdout(text));
        }

        @Test
        @DisplayName("also when a character's bytes are written one at a time")
        void splitCharacter() throws IOException {
            for (byte b : "😀\n".getBytes(StandardCharsets.UTF_8)) out.write(b);
            assertThat(received()).containsExactly(stdout("😀"));
        }

        @Test
        @DisplayName("and control characters as they are: cleaning them is the checker's job")
        void controls() throws IOException {
            print(out, "\u001b[31mred\u0000\n");
            assertThat(received()).containsExactly(stdout("\u001b[31mred\u0000"));
        }
    }

    @Nested
    @DisplayName("with a line that reaches LINE_LIMIT bytes")
    class LongLines {

        @Test
        @DisplayName("sends one byte under the limit whole and not cut")
        void underLimit() throws IOException {
            String line = "x".repeat(Event.LINE_LIMIT - 1);
            print(out, line + "\n");
            assertThat(received()).containsExactly(stdout(line));
        }

        @Test
        @DisplayName("sends it cut, once, with its first LINE_LIMIT bytes, and drops the rest of it up to the newline")
        void cutOnce() throws IOException {
            print(out, "x".repeat(3 * Event.LINE_LIMIT + 17) + "\nnext\n");
            assertThat(received()).containsExactly(new Event.Output(false, "x".repeat(Event.LINE_LIMIT), true), stdout("next"));
        }

        @Test
        @DisplayName("sends it cut as soon as the limit is reached, before any newline")
        void cutAtOnce() throws IOException {
            print(out, "y".repeat(Event.LINE_LIMIT + 100));
            assertThat(received()).containsExactly(new Event.Output(false, "y".repeat(Event.LINE_LIMIT), true));
        }

        @Test
        @DisplayName("sends nothing more of it when the run ends inside it: finish() drops the rest too")
        void finishWhileDropping() throws IOException {
            print(out, "y".repeat(Event.LINE_LIMIT + 100));
            out.finish();
            assertThat(received()).containsExactly(new Event.Output(false, "y".repeat(Event.LINE_LIMIT), true));
        }

        @Test
        @DisplayName("sends a line of exactly LINE_LIMIT bytes whole and not cut")
        void exactlyAtLimit() throws IOException {
            print(out, "x".repeat(Event.LINE_LIMIT) + "\n");
            assertThat(received()).singleElement().isInstanceOfSatisfying(Event.Output.class, o -> {
                assertThat(o.cut()).as("cut").isFalse();
                assertThat(o.text()).hasSize(Event.LINE_LIMIT);
            });
        }
    }

    @Nested
    @DisplayName("when the run ends")
    class Finishing {

        @Test
        @DisplayName("sends an unfinished line on finish()")
        void unfinished() throws IOException {
            print(out, "no newline");
            out.finish();
            assertThat(received()).containsExactly(stdout("no newline"));
        }

        @Test
        @DisplayName("sends nothing on finish() when the last line was finished")
        void nothingLeft() throws IOException {
            print(out, "done\n");
            out.finish();
            out.finish();
            assertThat(received()).containsExactly(stdout("done"));
        }

        @Test
        @DisplayName("sends nothing after the last event: a later line, fact or event is dropped")
        void nothingAfterLast() throws IOException {
            print(out, "before\n");
            channel.send(new Event.Done());
            print(out, "too late\n");
            print(err, "too late\n");
            channel.send(new Event.Fact("late", List.of()));
            channel.send(new Event.Thrown("lab.Late", "", List.of()));
            channel.send(new Event.Done());

            assertThat(Event.readFrom(in)).isEqualTo(stdout("before"));
            assertThat(Event.readFrom(in)).isEqualTo(new Event.Done());
            checker.setSoTimeout(300);
            assertThatThrownBy(() -> Event.readFrom(in)).as("nothing after Done").isInstanceOf(SocketTimeoutException.class);
        }

        @Test
        @DisplayName("sends nothing after Thrown either: any last event ends the channel")
        void nothingAfterThrown() throws IOException {
            channel.send(new Event.Thrown("lab.Boom", "boom", List.of()));
            print(out, "too late\n");
            assertThat(Event.readFrom(in)).isEqualTo(new Event.Thrown("lab.Boom", "boom", List.of()));
            checker.setSoTimeout(300);
            assertThatThrownBy(() -> Event.readFrom(in)).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Nested
    @DisplayName("needs a channel, which")
    class Opening {

        @Test
        @DisplayName("refuses stdin without the checker's greeting")
        void noGreeting() {
            assertThatThrownBy(() -> Channel.open(new ByteArrayInputStream("hello 1 2\n".getBytes(StandardCharsets.US_ASCII))))
                    .isInstanceOf(IOException.class).hasMessageContaining("lab-probe PORT TOKEN");
            assertThatThrownBy(() -> Channel.open(new ByteArrayInputStream("lab-probe 1\n".getBytes(StandardCharsets.US_ASCII))))
                    .isInstanceOf(IOException.class).hasMessageContaining("lab-probe PORT TOKEN");
        }

        @Test
        @DisplayName("refuses stdin that ends, or runs on, without a newline")
        void noLine() {
            assertThatThrownBy(() -> Channel.open(InputStream.nullInputStream()))
                    .isInstanceOf(IOException.class).hasMessageContaining("no greeting");
            assertThatThrownBy(() -> Channel.open(new ByteArrayInputStream("x".repeat(10_000).getBytes(StandardCharsets.US_ASCII))))
                    .isInstanceOf(IOException.class).hasMessageContaining("no greeting");
        }

        @Test
        @DisplayName("leaves the rest of stdin unread: the probe watches it for the checker's end")
        void leavesStdin() throws IOException {
            try (var second = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                var stdin = new ByteArrayInputStream((Channel.GREETING + " " + second.getLocalPort() + " t2\nrest").getBytes(StandardCharsets.US_ASCII));
                Channel.open(stdin);
                try (Socket s = second.accept()) {
                    s.setSoTimeout(5_000);
                    assertThat(Event.readFrom(s.getInputStream())).isEqualTo(new Event.Hello("t2"));
                }
                assertThat(stdin.readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo("rest");
            }
        }
    }
}
