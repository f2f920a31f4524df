package lab.verify.step02;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import lab.Scheduler;
import lab.Tasks;
import lab.Wait;
import lab.gen.Generator;
import lab.probe.Probe;

/** Runs step 02's scenarios against the learner's classes, in the child JVM. */
public final class Step02Probe {

    private Step02Probe() {}

    /** A reason no scheduler knows, for the unknown-reason check. */
    record Nap(int seconds) {}

    /** Entry point: the first argument names the scenario. */
    public static void main(String[] args) {
        Probe.main(args, Step02Probe::scenario);
    }

    private static void scenario(String[] args) throws Exception {
        switch (args[0]) {
            case "recv-waits" -> recvWaits();
            case "send-waits" -> sendWaits();
            case "accept-waits" -> acceptWaits();
            case "ready-order" -> readyOrder();
            case "unknown" -> unknown();
            case "pipes" -> pipes();
            case "both-ways" -> bothWays();
            case "second-waiter" -> secondWaiter();
            case "idle" -> idle();
            default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        }
    }

    static Pipe pipe() throws Exception {
        var pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        pipe.sink().configureBlocking(false);
        return pipe;
    }

    /** A waits to receive on a pipe; B takes turns and writes "hello" on its third turn. */
    static void recvWaits() throws Exception {
        var pipe = pipe();
        var s = new Scheduler();
        s.spawn(Generator.<Object, Object>of("A", y -> {
            System.out.println("A waits to receive"); // data
            y.yield(Wait.recv(pipe.source()));
            var buf = ByteBuffer.allocate(64);
            int n = pipe.source().read(buf);
            System.out.println("A resumed: read " + n + " bytes: " + new String(buf.array(), 0, Math.max(0, n), UTF_8)); // data
        }));
        s.spawn(Generator.<Object, Object>of("B", y -> {
            System.out.println("B turn 1"); // data
            y.yield();
            System.out.println("B turn 2"); // data
            y.yield();
            System.out.println("B writes hello"); // data
            pipe.sink().write(ByteBuffer.wrap("hello".getBytes(UTF_8)));
            y.yield();
            System.out.println("B turn 4"); // data
        }));
        s.run();
        Probe.fact("returned");
    }

    /** S fills a pipe until it takes no more, then waits to send; another thread drains the pipe after 300 ms. */
    static void sendWaits() throws Exception {
        var pipe = pipe();
        var s = new Scheduler();
        s.spawn(Generator.<Object, Object>of("S", y -> {
            var chunk = ByteBuffer.allocate(4096);
            long filled = 0;
            for (int i = 0; i < 100_000; i++) {
                int n = pipe.sink().write(chunk.clear());
                if (n == 0) break;
                filled += n;
            }
            System.out.println("S filled the pipe, waits to send"); // data
            Probe.fact("filled", filled);
            Probe.helper("lab-drainer", () -> {
                try {
                    Thread.sleep(300);
                    try (var sel = java.nio.channels.Selector.open()) {
                        pipe.source().register(sel, java.nio.channels.SelectionKey.OP_READ);
                        var buf = ByteBuffer.allocate(64 * 1024);
                        while (true) {
                            sel.select(1000);
                            sel.selectedKeys().clear();
                            if (pipe.source().read(buf.clear()) < 0) return;
                        }
                    }
                } catch (Exception e) {
                    // the JVM is ending
                }
            });
            y.yield(Wait.send(pipe.sink()));
            int n = pipe.sink().write(ByteBuffer.wrap("more".getBytes(UTF_8)));
            System.out.println("S resumed: wrote " + n + " bytes"); // data
        }));
        s.run();
        Probe.fact("returned");
    }

    /** T waits to accept on a server channel; another thread connects after 200 ms. */
    static void acceptWaits() throws Exception {
        var server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.configureBlocking(false);
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        later(200, () -> new Socket(InetAddress.getLoopbackAddress(), port));
        var s = new Scheduler();
        s.spawn(Generator.<Object, Object>of("T", y -> {
            System.out.println("T waits for a connection"); // data
            y.yield(Wait.recv(server));
            var client = server.accept();
            System.out.println(client == null ? "T resumed: accept() returned null" : "T resumed: accepted a connection"); // data
            if (client != null) client.close();
        }));
        s.run();
        server.close();
        Probe.fact("returned");
    }

    /** Readers 1, 2, 3 wait on three pipes; another thread writes to pipe 3, then 1, then 2, 150 ms apart. */
    static void readyOrder() throws Exception {
        Pipe[] pipes = {pipe(), pipe(), pipe()};
        var s = new Scheduler();
        for (int i = 0; i < 3; i++) {
            var source = pipes[i].source();
            int number = i + 1;
            s.spawn(Generator.<Object, Object>of("reader " + number, y -> {
                y.yield(Wait.recv(source));
                var buf = ByteBuffer.allocate(64);
                int n = source.read(buf);
                System.out.println("reader " + number + " got " + Math.max(0, n) + " bytes: " + new String(buf.array(), 0, Math.max(0, n), UTF_8));
            }));
        }
        String[] texts = {"one", "two", "three"};
        for (int k : new int[] {2, 0, 1}) {
            int delay = 150 * (k == 2 ? 1 : k == 0 ? 2 : 3);
            later(delay, () -> pipes[k].sink().write(ByteBuffer.wrap(texts[k].getBytes(UTF_8))));
        }
        s.run();
        Probe.fact("returned");
    }

    /** A task yields a reason no scheduler knows. */
    static void unknown() {
        var s = new Scheduler();
        s.spawn(Tasks.countdown(2));
        s.spawn(Generator.<Object, Object>of("napper", y -> y.yield(new Nap(5))));
        try {
            s.run();
            Probe.fact("returned");
        } catch (RuntimeException e) {
            if (e instanceof UnsupportedOperationException && String.valueOf(e.getMessage()).startsWith("TODO")) throw e;
            Probe.fact("threw", e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
        }
    }

    /** The learner's reader and writer on a pipe, with countdown(2) beside them. */
    static void pipes() throws Exception {
        var pipe = pipe();
        var s = new Scheduler();
        s.spawn(Tasks.reader(pipe.source()));
        s.spawn(Tasks.countdown(2));
        s.spawn(Tasks.writer(pipe.sink(), "hello", "pipe", "bye"));
        s.run();
        Probe.fact("returned");
        Probe.fact("open", pipe.source().isOpen(), pipe.sink().isOpen());
    }

    /** Two ends of a loopback connection: {@code [0]} the probe's (blocking), {@code [1]} the tasks' (non-blocking). */
    static SocketChannel[] socketPair() throws Exception {
        try (var server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            var mine = SocketChannel.open(server.getLocalAddress());
            var theirs = server.accept();
            theirs.configureBlocking(false);
            return new SocketChannel[] {mine, theirs};
        }
    }

    /**
     * R waits to receive on a socket, W waits to send on the same socket; data for R comes 100 ms after W wrote (or
     * after 3 s if W is never woken), so the order of their lines does not depend on how busy the machine is.
     */
    static void bothWays() throws Exception {
        var pair = socketPair();
        var s = new Scheduler();
        var wrote = new java.util.concurrent.CountDownLatch(1);
        s.spawn(Generator.<Object, Object>of("R", y -> {
            y.yield(Wait.recv(pair[1]));
            var buf = ByteBuffer.allocate(64);
            int n = pair[1].read(buf);
            System.out.println("R read: " + new String(buf.array(), 0, Math.max(0, n), UTF_8));
        }));
        s.spawn(Generator.<Object, Object>of("W", y -> {
            y.yield(Wait.send(pair[1]));
            pair[1].write(ByteBuffer.wrap("ping".getBytes(UTF_8)));
            System.out.println("W wrote ping"); // data
            wrote.countDown();
        }));
        later(0, () -> {
            wrote.await(3, java.util.concurrent.TimeUnit.SECONDS);
            Thread.sleep(100);
            pair[0].write(ByteBuffer.wrap("hello".getBytes(UTF_8)));
        });
        s.run();
        Probe.fact("returned");
    }

    /** Two tasks wait to receive on the same pipe, which the book says is an error of the second. */
    static void secondWaiter() throws Exception {
        var pipe = pipe();
        var s = new Scheduler();
        for (String name : new String[] {"first", "second"}) {
            s.spawn(Generator.<Object, Object>of(name, y -> {
                y.yield(Wait.recv(pipe.source()));
                pipe.source().read(ByteBuffer.allocate(64));
                System.out.println(name + " resumed");
            }));
        }
        later(300, () -> pipe.sink().write(ByteBuffer.wrap("hello".getBytes(UTF_8))));
        try {
            s.run();
            Probe.fact("returned");
        } catch (RuntimeException e) {
            if (e instanceof UnsupportedOperationException && String.valueOf(e.getMessage()).startsWith("TODO")) throw e;
            Probe.fact("threw", e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
        }
    }

    /**
     * T waits to send on a socket (ready at once), writes, then waits to receive on it; the data comes 1.2 s later.
     * Meanwhile every task waits: the checker measures the JVM's CPU from outside.
     */
    static void idle() throws Exception {
        var pair = socketPair();
        var s = new Scheduler();
        s.spawn(Generator.<Object, Object>of("T", y -> {
            y.yield(Wait.send(pair[1]));
            pair[1].write(ByteBuffer.wrap("ping".getBytes(UTF_8)));
            Probe.fact("waiting");
            y.yield(Wait.recv(pair[1]));
            var buf = ByteBuffer.allocate(64);
            int n = pair[1].read(buf);
            System.out.println("T read: " + new String(buf.array(), 0, Math.max(0, n), UTF_8));
        }));
        later(1200, () -> pair[0].write(ByteBuffer.wrap("hello".getBytes(UTF_8))));
        s.run();
        Probe.fact("returned");
    }

    interface Action {
        void run() throws Exception;
    }

    /** Runs an action on a daemon thread after a delay: data arriving from outside the scheduler. */
    static void later(long millis, Action action) {
        Probe.helper("lab-later", () -> {
            try {
                Thread.sleep(millis);
                action.run();
            } catch (Exception e) {
                // the JVM is ending
            }
        });
    }
}
