package lab.tools;

import static org.assertj.core.api.Assertions.assertThat;

import lab.tools.Checker.Report;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The other direction of every bite test: solutions written differently, but right, pass every check of their step.
 * A check that fails one of these is too strict: it tests the reference solution's style, not the lesson.
 */
@DisplayName("Right solutions in another style pass")
@EnabledIfSystemProperty(named = "lab.selftest", matches = "true")
class VariantsTest {

    static void passes(Mutant variant) throws Exception {
        Report report = variant.check();
        assertThat(report.results().stream().filter(r -> !r.passed()).map(r -> r.names().getLast() + "\n" + r.message()).toList())
                .as("checks a right variant failed").isEmpty();
    }

    @Test
    @DisplayName("step 01: a LinkedList, and a for loop that polls until the queue is empty")
    void step01ForLoop() throws Exception {
        passes(Mutant.of(1, "for-loop")
                .replace("Scheduler.java", "private final Deque<Generator<?, ?>> tasks = new ArrayDeque<>();",
                        "private final Deque<Generator<?, ?>> tasks = new java.util.LinkedList<>();")
                .replace("Scheduler.java", "        while (!tasks.isEmpty()) {\n"
                        + "            var task = tasks.pollFirst();\n"
                        + "            try {",
                        "        for (Generator<?, ?> task; (task = tasks.pollFirst()) != null; ) {\n"
                        + "            try {"));
    }

    @Test
    @DisplayName("step 01: a run loop written as recursion, one task per call")
    void step01Recursion() throws Exception {
        passes(Mutant.of(1, "recursion")
                .replace("Scheduler.java", "        while (!tasks.isEmpty()) {\n"
                        + "            var task = tasks.pollFirst();\n"
                        + "            try {\n"
                        + "                task.send(null); // the only place a task is resumed\n"
                        + "                tasks.addLast(task);\n"
                        + "            } catch (StopIteration done) {\n"
                        + "                System.out.println(\"Task done\");\n"
                        + "            }\n"
                        + "        }",
                        "        if (tasks.isEmpty()) return;\n"
                        + "        var task = tasks.pollFirst();\n"
                        + "        try {\n"
                        + "            task.send(null);\n"
                        + "            tasks.addLast(task);\n"
                        + "        } catch (StopIteration done) {\n"
                        + "            System.out.println(\"Task done\");\n"
                        + "        }\n"
                        + "        run();"));
    }

    @Test
    @DisplayName("step 02: maps of another kind, and if-else in place of the pattern switch")
    void step02OtherMapsAndIfs() throws Exception {
        passes(Mutant.of(2, "maps-and-ifs")
                .replace("Scheduler.java", "private final Map<SelectableChannel, Generator<?, ?>> recvWait = new HashMap<>();",
                        "private final Map<SelectableChannel, Generator<?, ?>> recvWait = new java.util.LinkedHashMap<>();")
                .replace("Scheduler.java", "private final Map<SelectableChannel, Generator<?, ?>> sendWait = new HashMap<>();",
                        "private final Map<SelectableChannel, Generator<?, ?>> sendWait = new java.util.IdentityHashMap<>();")
                .replace("Scheduler.java", "                switch (request) {\n"
                        + "                    case null -> tasks.addLast(task);        // a bare yield: take turns, as in step 01\n"
                        + "                    case Wait.Recv(var channel) -> park(recvWait, channel, task);\n"
                        + "                    case Wait.Send(var channel) -> park(sendWait, channel, task);\n"
                        + "                    default -> throw",
                        "                if (request == null) tasks.addLast(task);\n"
                        + "                else if (request instanceof Wait.Recv r) park(recvWait, r.channel(), task);\n"
                        + "                else if (request instanceof Wait.Send w) park(sendWait, w.channel(), task);\n"
                        + "                else { throw"));
    }

    @Test
    @DisplayName("step 03: a handler that reads 1 KiB at a time")
    void step03SmallBuffer() throws Exception {
        passes(Mutant.of(3, "small-buffer")
                .replace("EchoServer.java", "var reply = ByteBuffer.allocate(GOT.length + 16 * 1024);",
                        "var reply = ByteBuffer.allocate(GOT.length + 1024);"));
    }

    @Test
    @DisplayName("step 04: out of descriptors, a try around each accept, said again after any client got in (and no TCP_NODELAY)")
    void step04AcceptEach() throws Exception {
        passes(Mutant.of(4, "accept-each")
                .replace("EchoServer.java", """
            boolean full = false; // out of descriptors: said once, until every waiting client is taken
            while (true) {
                y.yield(Wait.recv(server));
                SocketChannel client;
                try {
                    // take every client that is waiting: one accept per turn lets a burst overflow the listen queue
                    while ((client = server.accept()) != null) {
                        client.configureBlocking(false);
                        client.setOption(StandardSocketOptions.TCP_NODELAY, true); // send a reply's last piece at once
                        System.out.println("Connection from " + client.getRemoteAddress());
                        scheduler.spawn(handler.apply(client));
                    }
                    full = false;
                } catch (IOException e) {
                    // "Too many open files": the client stays in the listen queue, and a connection that closes
                    // frees a descriptor; until then the server task is woken every round (step 06 can sleep instead)
                    if (!full) System.out.println("Cannot accept: " + e.getMessage() + "; clients wait until a connection closes");
                    full = true;
                }
            }
""",
                        """
            boolean warned = false;
            while (true) {
                y.yield(Wait.recv(server));
                for (;;) {
                    SocketChannel client;
                    try {
                        client = server.accept();
                    } catch (IOException tooMany) {
                        if (!warned) System.out.println(tooMany); // java.io.IOException: Too many open files
                        warned = true;
                        break;
                    }
                    if (client == null) break;
                    warned = false; // a client got in: the next failure is news again
                    client.configureBlocking(false);
                    System.out.println("Connection from " + client.getRemoteAddress());
                    scheduler.spawn(handler.apply(client));
                }
            }
"""));
    }

    @Test
    @DisplayName("step 04: every write of a reply waited for first, even the first (one more select per reply)")
    void step04WaitBeforeEachWrite() throws Exception {
        passes(Mutant.of(4, "wait-before-each-write")
                .replace("EchoServer.java", "                    client.write(reply);\n"
                        + "                    while (reply.hasRemaining()) {\n"
                        + "                        y.yield(Wait.send(client));\n"
                        + "                        client.write(reply);\n"
                        + "                    }",
                        "                    while (reply.hasRemaining()) {\n"
                        + "                        y.yield(Wait.send(client));\n"
                        + "                        client.write(reply);\n"
                        + "                    }"));
    }

    /** The line of step 05's recv that decides whether to read at once (after a read that filled the buffer) or wait first. */
    static final String READ_AT_ONCE = "int n = filled && readsInARow < READS_IN_A_ROW ? in.read(into) : 0;";

    @Test
    @DisplayName("step 05: a recv that always waits before it reads (step 04's way: one more select per read)")
    void step05WaitBeforeEachRead() throws Exception {
        passes(Mutant.of(5, "wait-before-each-read").replace("GenSocket.java", READ_AT_ONCE, "int n = 0;"));
    }

    @Test
    @DisplayName("step 05: a recv that always reads first (even after a short read), through a scattering read, with a do-while")
    void step05ReadFirstOtherShape() throws Exception {
        passes(Mutant.of(5, "read-first-other-shape")
                .replace("GenSocket.java", READ_AT_ONCE, "if (true) return readAlwaysFirst(into);\n        " + READ_AT_ONCE)
                .replace("GenSocket.java", "    // end::recv[]\n", """
                            // end::recv[]

                            private int readAlwaysFirst(ByteBuffer into) throws IOException {
                                var in = (java.nio.channels.ScatteringByteChannel) channel;
                                long n;
                                if (readsInARow++ == READS_IN_A_ROW) {
                                    readsInARow = 0;
                                    y.yield(Wait.recv(channel));
                                }
                                do {
                                    n = in.read(new ByteBuffer[] {into});
                                    if (n != 0 || !into.hasRemaining()) break;
                                    readsInARow = 0;
                                    y.yield(Wait.recv(channel));
                                } while (true);
                                return (int) n;
                            }
                        """));
    }

    @Test
    @DisplayName("step 06: the clock read for each sleeper woken, and a select timeout rounded up by adding 999,999 ns")
    void step06ClockPerSleeper() throws Exception {
        passes(Mutant.of(6, "clock-per-sleeper")
                .replace("Scheduler.java", "        long now = System.nanoTime();\n"
                        + "        while (!sleepers.isEmpty() && sleepers.peek().deadline() - now <= 0) {\n"
                        + "            var sleeper = sleepers.poll();\n",
                        "        for (Sleeper next; (next = sleepers.peek()) != null && next.deadline() - System.nanoTime() <= 0; ) {\n"
                        + "            var sleeper = sleepers.remove();\n")
                .replace("Scheduler.java", "long millis = Math.ceilDiv(nearest.deadline() - System.nanoTime(), 1_000_000); // up: never wake before it",
                        "long millis = (nearest.deadline() - System.nanoTime() + 999_999) / 1_000_000;"));
    }

    @Test
    @DisplayName("step 06: a handler that catches the timeout around its whole loop, and a recv that compares what woke it with READY")
    void step06CatchOutside() throws Exception {
        passes(Mutant.of(6, "catch-outside")
                .replace("GenSocket.java", "        if (y.yield(Wait.recv(channel, timeout)) == Wait.Woke.TIMED_OUT) {\n",
                        "        Object woke = y.yield(Wait.recv(channel, timeout));\n        if (woke != Wait.Woke.READY) {\n")
                .replace("EchoServer.java", "                while (true) {\n"
                        + "                    reply.clear().put(GOT);\n"
                        + "                    try {\n"
                        + "                        if (socket.recv(reply, idle) < 0) break; // the client has closed its side: nothing more to echo\n"
                        + "                    } catch (SocketTimeoutException e) {\n"
                        + "                        System.out.println(\"Idle timeout \" + address + \", nothing received for \" + idle.toMillis() + \" ms\");\n"
                        + "                        break; // a client that sends nothing must not hold a descriptor and a task for ever\n"
                        + "                    }\n"
                        + "                    reply.flip();\n"
                        + "                    socket.send(reply);\n"
                        + "                }\n",
                        "                try {\n"
                        + "                    while (socket.recv(reply.clear().put(GOT), idle) >= 0) {\n"
                        + "                        socket.send(reply.flip());\n"
                        + "                    }\n"
                        + "                } catch (SocketTimeoutException e) {\n"
                        + "                    System.out.println(\"Idle timeout \" + address + \" after \" + idle.toMillis() + \" ms of silence\");\n"
                        + "                }\n"));
    }
}
