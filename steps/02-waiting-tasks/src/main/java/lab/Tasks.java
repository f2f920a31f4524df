package lab;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import lab.gen.Generator;

/** The demo tasks: two that print and take turns, as in the original lesson, and two that talk through a pipe. */
public final class Tasks {

    private Tasks() {}

    /** A task that prints {@code T-minus n} down to 1, yielding after each line. */
    public static Generator<Void, Void> countdown(int n) {
        return Generator.of(y -> {
            for (int i = n; i > 0; i--) {
                System.out.println("T-minus " + i);
                y.yield();
            }
        });
    }

    /** A task that prints {@code Up we go x} for x from 0 to n - 1, yielding after each line. */
    public static Generator<Void, Void> countup(int n) {
        return Generator.of(y -> {
            for (int x = 0; x < n; x++) {
                System.out.println("Up we go " + x);
                y.yield();
            }
        });
    }

    /** A task that prints {@code Got: text} for each read from a non-blocking pipe, waiting until there is something to read, and ends at the end of the stream. */
    public static Generator<Wait, Void> reader(Pipe.SourceChannel source) {
        // TODO reader(source): return Generator.of("reader", y -> ...) that loops: yield Wait.recv(source), read into a buffer, stop when read returns -1, else print "Got: " + the text read; close the source at the end
        //      Book: "Tasks that wait for a pipe" (book/target/lab.html#step02-pipes)
        throw new UnsupportedOperationException("TODO reader(source): not written yet; see the book, \"Tasks that wait for a pipe\" (book/target/lab.html#step02-pipes)");
    }

    /** A task that writes each message to a non-blocking pipe, waiting until the pipe can take it, and closes the pipe at the end. */
    public static Generator<Wait, Void> writer(Pipe.SinkChannel sink, String... messages) {
        // TODO writer(sink, messages): return Generator.of("writer", y -> ...) that for each message yields Wait.send(sink), then takes three turns with a bare y.yield(), then writes the message; close the sink at the end
        //      Book: "Tasks that wait for a pipe" (book/target/lab.html#step02-pipes)
        throw new UnsupportedOperationException("TODO writer(sink, messages): not written yet; see the book, \"Tasks that wait for a pipe\" (book/target/lab.html#step02-pipes)");
    }
}
