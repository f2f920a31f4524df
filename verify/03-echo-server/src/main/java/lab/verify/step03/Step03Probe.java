package lab.verify.step03;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import lab.EchoServer;
import lab.Scheduler;
import lab.Tasks;
import lab.gen.Generator;
import lab.gen.StopIteration;
import lab.probe.Probe;
import lab.probe.Reads;

/** Runs the learner's echo server in the child JVM, on an ephemeral port, every task's thread recorded. */
public final class Step03Probe {

    private Step03Probe() {}

    /** Entry point: the first argument names the scenario. */
    public static void main(String[] args) {
        Probe.main(args, Step03Probe::scenario);
    }

    private static void scenario(String[] args) throws Exception {
        switch (args[0]) {
            case "server", "roomy-server" -> {
                boolean small = args[0].equals("server");
                var server = EchoServer.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                Probe.fact("listening", ((InetSocketAddress) server.getLocalAddress()).getPort());
                Probe.fact("caller", threadName());
                Probe.watchThreads();
                var scheduler = new Scheduler();
                // every handler resume reports its thread: a thread per connection shows up at once
                scheduler.spawn(recordingThreads("server", EchoServer.tcpServer(scheduler, server, client -> {
                    if (small) sendBuffer(client);
                    var handler = EchoServer.echoHandler(client);
                    Probe.fact("handler"); // one per client the server hands to a handler task
                    return recordingThreads("handler", handler);
                })));
                scheduler.run();
            }
            case "failing" -> {
                // a task that throws an unchecked exception, one that throws a checked one, and one that goes on
                var scheduler = new Scheduler();
                scheduler.spawn(Generator.<Object, Object>of("unchecked", y -> {
                    y.yield();
                    throw new IllegalStateException("boom");
                }));
                scheduler.spawn(Generator.<Object, Object>of("checked", y -> {
                    y.yield();
                    throw new java.io.IOException("gone");
                }));
                scheduler.spawn(Tasks.countdown(3));
                scheduler.run();
                Probe.fact("returned");
            }
            default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        }
    }

    /** The current thread as a message shows it: its name and id (an id, unlike a name, no thread can take on). */
    static String threadName() {
        return Thread.currentThread().getName() + " #" + Thread.currentThread().threadId();
    }

    /** The most reads from clients that one turn of a task made so far (see {@link #recordingThreads}). */
    private static final AtomicLong MOST_READS = new AtomicLong();

    /** Threads already reported by {@link #recordingThreads}. */
    private static final Set<String> RESUMED_ON = ConcurrentHashMap.newKeySet();

    /**
     * Wraps a task so that its resumes are seen: fact {@code resumed KIND} at each resume (a task that never runs,
     * or runs only once, shows), and the thread it runs on, once per thread, as fact {@code resumed-on THREAD}; each
     * time a turn (a resume to the next yield) made more reads from clients than any turn before, fact
     * {@code turn-reads N}; the wrapper yields what the task yields and passes on what it is sent.
     */
    static Generator<Object, Object> recordingThreads(String kind, Generator<?, ?> task) {
        @SuppressWarnings("unchecked")
        var inner = (Generator<Object, Object>) task;
        return Generator.of(task.name(), y -> {
            Object sent = null;
            Object request = null;
            while (true) {
                Probe.fact("resumed", kind);
                String thread = threadName();
                if (RESUMED_ON.add(thread)) Probe.fact("resumed-on", thread);
                long readsBefore = Reads.count();
                try {
                    request = inner.send(sent);
                } catch (StopIteration done) {
                    return;
                }
                long reads = Reads.count() - readsBefore;
                if (reads > MOST_READS.getAndAccumulate(reads, Math::max)) Probe.fact("turn-reads", reads); // a new most
                sent = y.yield(request);
            }
        });
    }

    /**
     * The send buffer of each accepted client, in bytes (Linux doubles it): small, so that a 64 KiB reply takes
     * several writes even to a client that has read everything, and a handler that writes a fixed number of times
     * loses bytes whatever the timing.
     */
    static final int SEND_BUFFER = 4 * 1024;

    /**
     * Pins a client's send buffer small (Linux lets it grow to MiB on loopback, where a 64 KiB write then always
     * fits): partial writes happen for sure, as they do on real networks with slow clients.
     */
    static void sendBuffer(SocketChannel client) {
        try {
            client.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
