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
        return Generator.of("reader", y -> {
            var buffer = ByteBuffer.allocate(1024);
            while (true) {
                y.yield(Wait.recv(source));
                buffer.clear();
                if (source.read(buffer) < 0) break;
                System.out.println("Got: " + new String(buffer.array(), 0, buffer.position(), UTF_8));
            }
            source.close();
        });
    }

    /** A task that writes each message to a non-blocking pipe, waiting until the pipe can take it, and closes the pipe at the end. */
    public static Generator<Wait, Void> writer(Pipe.SinkChannel sink, String... messages) {
        return Generator.of("writer", y -> {
            for (var message : messages) {
                y.yield(Wait.send(sink));
                // take a few turns before writing: the reader, woken by the same select, reads the last message first
                for (int turn = 0; turn < 3; turn++) y.yield();
                sink.write(ByteBuffer.wrap(message.getBytes(UTF_8)));
            }
            sink.close();
        });
    }
}
