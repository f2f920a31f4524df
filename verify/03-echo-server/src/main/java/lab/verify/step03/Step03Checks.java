package lab.verify.step03;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import lab.verify.BookSection;
import lab.verify.Client;
import lab.verify.Clients;
import lab.verify.Failure;
import lab.verify.LearnerCode;
import lab.verify.Outcome;
import lab.verify.Sandbox;
import lab.verify.ServerChecks;
import lab.verify.ServerRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Step 03's network checks, as abstract test classes, over real loopback sockets: step 03's verifier runs them,
 * and steps 04 and 05 run them again on their servers.
 */
public final class Step03Checks {

    private Step03Checks() {}

    public static final BookSection TCP = new BookSection("step03-tcp-server");
    public static final BookSection ECHO = new BookSection("step03-echo");
    public static final BookSection FAILURES = new BookSection("step03-failures");

    /** How long one reply may take; a correct server answers in milliseconds. */
    public static final Duration REPLY = Duration.ofSeconds(5);

    /** How long a server JVM may live at most; every check ends it well before. */
    public static final Duration SERVER_LIFE = Duration.ofSeconds(45);

    public static final String SERVER = "tcpServer(scheduler, listen(127.0.0.1, a free port), echoHandler); run()";

    static final String LOOPS = "the server's thread is stuck: a loop that never yields, or a blocking call, in tcpServer or echoHandler";

    /**
     * Starts the learner's echo server in a child JVM and waits until it listens; each client's send buffer is
     * pinned small (see {@code Step03Probe.SEND_BUFFER}), so that replies take several writes.
     */
    public static ServerRun server(Sandbox sandbox, BookSection section) {
        return ServerRun.start(sandbox, Step03Probe.class, SERVER_LIFE, SERVER, section, LOOPS, "server");
    }

    /** Like {@link #server}, but with the system's send buffers, which grow to MiB: a reply to a quick reader takes one write. */
    public static ServerRun roomyServer(Sandbox sandbox, BookSection section) {
        return ServerRun.start(sandbox, Step03Probe.class, SERVER_LIFE, SERVER, section, LOOPS, "roomy-server");
    }

    /** Sends {@code message} on every client, then reads every reply: the server must serve all of them at once. */
    public static void exchangeAll(List<Client> clients, IntFunction<String> message, String what, BookSection section, String likely) {
        for (int i = 0; i < clients.size(); i++) clients.get(i).send(message.apply(i));
        for (int i = 0; i < clients.size(); i++) {
            String sent = message.apply(i);
            int client = i;
            try {
                clients.get(i).expectReply(sent, "GOT:" + sent, REPLY, section, likely);
            } catch (AssertionError e) {
                throw new org.opentest4j.AssertionFailedError("Client " + (client + 1) + " of " + clients.size() + " (" + what + "): "
                        + e.getMessage());
            }
        }
    }

    /** Fails unless the server printed a line matching {@code test} within a few seconds. */
    public static String requireLogged(ServerRun server, Predicate<String> test, String expected, String called,
                                       String likely, BookSection section) {
        return server.run().awaitOutput(test, Duration.ofSeconds(3)).orElseThrow(() -> Failure.of("Your server did not log " + expected + ".")
                .called(called)
                .expected("a line " + expected)
                .got(Outcome.tail(server.run().outputSoFar(), 8))
                .likely(likely)
                .read(section)
                .error());
    }

    /** Echo to one client and to many at once, all on the scheduler's one thread. */
    @DisplayName("echo")
    @Tag("hint-1")
    @ExtendWith(LearnerCode.class)
    public abstract static class Echo implements ServerChecks {

        @Override
        public ServerRun startServer(Sandbox sandbox) {
            return server(sandbox, ECHO);
        }

        @Test
        @DisplayName("answers GOT:hello to a client that sends hello")
        public void echoesHello(Client client) {
            client.exchange("hello", "GOT:hello", REPLY, ECHO,
                    "echoHandler waits with Wait.recv(client), reads, then waits with Wait.send(client) and writes \"GOT:\" "
                            + "followed by exactly the bytes read (no space, no newline)");
        }

        @Test
        @DisplayName("serves 200 clients connected at once, 10 interleaved messages each, every reply correct")
        public void servesManyClientsAtOnce(ServerRun server) {
            try (var clients = Clients.connect(server.port(), 200, TCP)) {
                for (int round = 1; round <= 10; round++) {
                    int r = round;
                    exchangeAll(clients.list(), i -> "client " + (i + 1) + " message " + r, "200 connected, round " + round + " of 10",
                            ECHO, "one client holds the server up: does tcpServer spawn a handler task per client and go "
                                    + "back to waiting, and does every handler yield Wait.recv before each read?");
                }
            }
        }

        @Test
        @DisplayName("sleeps while its clients are connected and quiet: the JVM uses next to no CPU")
        public void idleWhileQuiet(ServerRun server) {
            try (var clients = Clients.connect(server.port(), 20, TCP)) {
                exchangeAll(clients.list(), i -> "hi " + (i + 1), "20 connected", ECHO, LOOPS);
                sleep(300); // past what the replies left to do
                var cpu = server.run().cpuOver(Duration.ofMillis(700));
                if (cpu.busy(0.3)) {
                    throw Failure.of("Your server kept a core busy while its clients were quiet.")
                            .called(SERVER + "; 20 clients connect, say hi, then send nothing for 700 ms")
                            .expected("the server asleep in select(): a few ms of CPU")
                            .got(cpu.usedMillis() + " ms of CPU in those 700 ms (a thread that never sleeps got " + cpu.availableMillis() + " ms meanwhile)")
                            .likely("the scheduler loops without blocking while every task waits: select() (not selectNow()) "
                                    + "when no task is ready, the selected keys cleared, each woken task's interest bit removed")
                            .read(ECHO)
                            .error();
                }
            }
        }

        @Test
        @DisplayName("serves every client on the one thread that runs the scheduler")
        public void servesOnOneThread(ServerRun server) {
            try (var clients = Clients.connect(server.port(), 20, TCP)) {
                for (int round = 1; round <= 3; round++) {
                    int r = round;
                    exchangeAll(clients.list(), i -> "thread check " + (i + 1) + "." + r, "20 connected", ECHO, LOOPS);
                }
            }
            List<String> threads = server.resumedOn();
            List<String> stray = server.newThreads();
            String caller = server.caller();
            if (!threads.equals(List.of(caller)) || !stray.isEmpty()) {
                throw Failure.of("Your server ran its tasks on other threads than the scheduler's.")
                        .called(SERVER + " on thread " + Failure.quote(caller) + "; 20 clients, 3 messages each")
                        .expected("every task resumed on " + Failure.quote(caller) + ", and no threads started")
                        .got("tasks resumed on " + threads + (stray.isEmpty() ? "" : "; threads started: " + stray))
                        .likely("a thread (or an executor) per connection: the lesson is one thread for all clients; "
                                + "tcpServer spawns handler.apply(client) on the scheduler, and run() resumes it")
                        .read(TCP)
                        .error();
            }
            // 20 clients, 3 messages each: each handler task resumed by run() at least once per message (a server task
            // that answers everyone from a loop of its own never lets run() resume a handler)
            int handlers = server.handlersMade(), resumes = server.resumes("handler");
            if (handlers < 20 || resumes < 60) {
                throw Failure.of("Your server answered clients without running their handler tasks in the scheduler.")
                        .called(SERVER + "; 20 clients, 3 messages each")
                        .expected("handler.apply(client) spawned for each client, and each handler task resumed by run() for "
                                + "every message")
                        .got("handler tasks made: " + handlers + "; handler resumes: " + resumes)
                        .likely("tcpServer must spawn handler.apply(client) for each accepted client (the handler it is given, not "
                                + "code of its own) and yield Wait.recv(server) to wait for the next: the scheduler runs every "
                                + "client's task on its one thread")
                        .read(TCP)
                        .error();
            }
        }
    }

    /** Clients that close, reset or half-close, and a server that keeps serving. */
    @DisplayName("clients that go away")
    @Tag("hint-2")
    @ExtendWith(LearnerCode.class)
    public abstract static class Failures implements ServerChecks {

        @Override
        public ServerRun startServer(Sandbox sandbox) {
            return server(sandbox, FAILURES);
        }

        @Test
        @DisplayName("logs Connection closed when a client closes, and keeps serving")
        public void clientCloses(ServerRun server) {
            String called = SERVER + "; client A sends hello and closes; then client B sends hello";
            try (var a = Client.connect(server.port(), REPLY, TCP)) {
                a.exchange("hello", "GOT:hello", REPLY, ECHO, LOOPS);
            }
            requireLogged(server, l -> l.startsWith("Connection closed"), "starting \"Connection closed\"", called,
                    "when read returns -1 the client has closed: leave the loop, close the channel and print "
                            + "\"Connection closed \" + the client's address (a finally block does it on every way out)",
                    FAILURES);
            try (var b = Client.connect(server.port(), REPLY, TCP)) {
                b.exchange("hello again", "GOT:hello again", REPLY, ECHO, "after one client closed, the server stopped serving others");
            }
        }

        @Test
        @DisplayName("survives a client that resets its connection, and keeps serving")
        public void clientResets(ServerRun server) {
            String likely = "a client's reset makes read or write throw an IOException in its handler; run() must log "
                    + "\"Task failed: ...\" and drop that task, not let the exception end the server";
            server.check(likely, () -> {
                try (var a = Client.connect(server.port(), REPLY, TCP)) {
                    a.exchange("hello", "GOT:hello", REPLY, ECHO, LOOPS);
                    a.send("reset coming");
                    a.reset();
                }
                sleep(300);
                try (var b = Client.connect(server.port(), REPLY, TCP)) {
                    b.exchange("still there?", "GOT:still there?", REPLY, FAILURES,
                            "after client A reset its connection the server no longer answers: " + likely);
                }
            });
            server.requireAlive("after a client reset its connection", likely);
        }

        @Test
        @DisplayName("frees the socket of every client that resets its connection")
        public void freesResetClients(ServerRun server) {
            String called = SERVER + "; 30 clients connect, say hello and reset their connections";
            int before = server.run().descriptors();
            try (var clients = Clients.connect(server.port(), 30, TCP)) {
                exchangeAll(clients.list(), i -> "hello " + (i + 1), "30 connected", ECHO, LOOPS);
                clients.list().forEach(Client::reset);
            }
            // the handlers see the resets as errors and end: give them a moment, then count what the JVM holds
            int after = -1;
            for (int i = 0; i < 20; i++) {
                sleep(100);
                after = server.run().descriptors();
                if (before < 0 || after <= before + 2) return;
            }
            server.requireAlive("after 30 clients reset their connections", null);
            throw Failure.of("Your server kept the sockets of clients that had reset their connections.")
                    .called(called)
                    .expected("its JVM back to the " + before + " descriptors it held before the clients came")
                    .got(after + " descriptors open 2 s later: " + (after - before) + " more")
                    .likely("a handler that ends with an exception (a reset makes read throw) must still close its channel: "
                            + "close it in a finally block, or with try (client) { ... }")
                    .read(FAILURES)
                    .error();
        }

        @Test
        @DisplayName("answers a client that half-closes, then closes the connection")
        public void halfClose(ServerRun server) {
            // a client that sends and half-closes at once, before the server has even accepted it: when the handler
            // first reads, the data and the end of the stream are both there (three clients, so timing cannot hide it)
            for (int i = 1; i <= 3; i++) {
                try (var a = Client.connect(server.port(), REPLY, FAILURES)) {
                    a.send("last words " + i);
                    a.shutdownOutput();
                    a.expectReply("last words " + i + ", then shutdownOutput() at once (a half-close: no more data, still reading)",
                            "GOT:last words " + i, REPLY, FAILURES,
                            "the handler saw the end of the stream and closed before answering what came with it: "
                                    + "answer every read that returned bytes, and leave the loop only when read returns -1");
                    if (a.closedByServer(REPLY)) continue;
                }
                throw Failure.of("Your server did not close a connection the client had half-closed.")
                        .sent("\"last words " + i + "\", then shutdownOutput()")
                        .expected("GOT:last words " + i + ", then the end of the stream (the server closes)")
                        .got("GOT:last words " + i + ", then nothing within " + REPLY.toSeconds() + " s")
                        .likely("when read returns -1, leave the loop and close the channel")
                        .read(FAILURES)
                        .error();
            }
        }
    }

    /** The scheduler's run loop survives a task that throws. */
    @DisplayName("a task that fails")
    @Tag("hint-2")
    @ExtendWith(LearnerCode.class)
    public abstract static class FailingTasks {

        @Test
        @DisplayName("logs Task failed: NAME: EXCEPTION for a task that throws, checked or not, and runs the others to their end")
        public void failingTaskIsLogged(Sandbox sandbox) {
            String called = "spawn(\"unchecked\": yields, then throws IllegalStateException(\"boom\")); "
                    + "spawn(\"checked\": yields, then throws IOException(\"gone\")); spawn(countdown(3)); run()";
            Outcome got;
            try (var run = sandbox.start(Step03Probe.class, Duration.ofSeconds(4), "failing")) {
                got = run.finish().requireNormal(called, FAILURES, "run() loops or waits when a task has failed");
            }
            lab.verify.Traces.requireEqual("run() did not log the failing tasks and go on.", called,
                    List.of("T-minus 3", "Task failed: unchecked: java.lang.IllegalStateException: boom",
                            "Task failed: checked: java.io.IOException: gone", "T-minus 2", "T-minus 1", "Task done"),
                    got.output(),
                    "catch what send throws besides StopIteration (a RuntimeException: the generator wraps a checked exception in "
                            + "a GeneratorException, whose cause is the task's), print \"Task failed: \" + task.name() + \": \" + the "
                            + "cause, drop that task and go on with the others",
                    FAILURES);
        }
    }

    /** A burst of clients larger than select() could ever watch. */
    @DisplayName("a burst of clients")
    @Tag("hint-3")
    @ExtendWith(LearnerCode.class)
    public abstract static class Burst implements ServerChecks {

        /**
         * More clients than select()'s 1024 descriptors: the server must hold descriptors above 1023. It must also take
         * every waiting client at each wake-up: the kernel's listen queue of 1024 hides a server that accepts one client
         * per turn (no connection is lost either way), but the server task's resumes show it, about one per client
         * where the lesson needs a handful.
         */
        public static final int BURST = 1100;

        @Override
        public ServerRun startServer(Sandbox sandbox) {
            return server(sandbox, TCP);
        }

        @Test
        @DisplayName("accepts and serves 1100 clients that connect in one burst")
        public void burst(ServerRun server) {
            try (var clients = Clients.connect(server.port(), BURST, TCP)) {
                exchangeAll(clients.list(), i -> "burst " + (i + 1), BURST + " connected in one burst", TCP,
                        "a burst of clients waits in the listen queue; tcpServer must accept every waiting client "
                                + "(loop until accept() returns null), make each non-blocking and spawn its handler");
            }
            int resumes = server.resumes("server");
            if (resumes > BURST / 4) {
                throw Failure.of("Your server took the burst one client per turn: its task was resumed " + resumes
                                + " times for " + BURST + " clients.")
                        .called(SERVER + "; " + BURST + " clients connect at once")
                        .expected("a handful of resumes: at each wake-up, every client waiting in the listen queue accepted")
                        .got(resumes + " resumes of tcpServer")
                        .likely("accept in a loop until accept() returns null, then yield Wait.recv(server) once; "
                                + "one accept per yield makes a full round of the scheduler per client")
                        .read(TCP)
                        .error();
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
