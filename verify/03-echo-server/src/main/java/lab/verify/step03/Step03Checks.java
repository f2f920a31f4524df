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
import lab.verify.Words;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Step 03's network checks, as abstract test classes, over real loopback sockets: step 03's verifier runs them,
 * and steps 04 and 05 run them again on their servers.
 */
public final class Step03Checks {

    private Step03Checks() {}

    private static final Words WORDS = Words.of(Step03Checks.class);

    public static final BookSection TCP = new BookSection("step03-tcp-server");
    public static final BookSection ECHO = new BookSection("step03-echo");
    public static final BookSection FAILURES = new BookSection("step03-failures");

    /** How long one reply may take; a correct server answers in milliseconds. */
    public static final Duration REPLY = Duration.ofSeconds(5);

    /** How long a server JVM may live at most; every check ends it well before. */
    public static final Duration SERVER_LIFE = Duration.ofSeconds(45);

    /** What the echo server's checks run, as the learner would write it, for messages (in the learner's language). */
    public static String server() {
        return WORDS.say("server");
    }

    /** The likely mistake when the server's JVM had to be stopped by its watchdog. */
    static String loops() {
        return WORDS.say("loops");
    }

    /**
     * Starts the learner's echo server in a child JVM and waits until it listens; each client's send buffer is
     * pinned small (see {@code Step03Probe.SEND_BUFFER}), so that replies take several writes.
     */
    public static ServerRun server(Sandbox sandbox, BookSection section) {
        return ServerRun.start(sandbox, Step03Probe.class, SERVER_LIFE, server(), section, loops(), "server");
    }

    /** Like {@link #server}, but with the system's send buffers, which grow to MiB: a reply to a quick reader takes one write. */
    public static ServerRun roomyServer(Sandbox sandbox, BookSection section) {
        return ServerRun.start(sandbox, Step03Probe.class, SERVER_LIFE, server(), section, loops(), "roomy-server");
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
                throw new org.opentest4j.AssertionFailedError(WORDS.say("exchangeAll.client", client + 1, clients.size(), what,
                        e.getMessage()));
            }
        }
    }

    /** Fails unless the server printed a line matching {@code test} within a few seconds. */
    public static String requireLogged(ServerRun server, Predicate<String> test, String expected, String called,
                                       String likely, BookSection section) {
        return server.run().awaitOutput(test, Duration.ofSeconds(3)).orElseThrow(() -> Failure.of(WORDS.say("requireLogged.headline", expected))
                .called(called)
                .expected(WORDS.say("requireLogged.expected", expected))
                .got(Outcome.tail(server.run().outputSoFar(), 8))
                .likely(likely)
                .read(section)
                .error());
    }

    /** Echo to one client and to many at once, all on the scheduler's one thread. */
    @Tag("hint-1")
    @ExtendWith(LearnerCode.class)
    public abstract static class Echo implements ServerChecks {

        @Override
        public ServerRun startServer(Sandbox sandbox) {
            return server(sandbox, ECHO);
        }

        @Test
        public void echoesHello(Client client) {
            client.exchange("hello", "GOT:hello", REPLY, ECHO, WORDS.say("Echo.echoesHello.likely"));
        }

        @Test
        public void servesManyClientsAtOnce(ServerRun server) {
            try (var clients = Clients.connect(server.port(), 200, TCP)) {
                for (int round = 1; round <= 10; round++) {
                    int r = round;
                    exchangeAll(clients.list(), i -> "client " + (i + 1) + " message " + r, WORDS.say("Echo.servesManyClientsAtOnce.what", round),
                            ECHO, WORDS.say("Echo.servesManyClientsAtOnce.likely"));
                }
            }
        }

        @Test
        public void idleWhileQuiet(ServerRun server) {
            try (var clients = Clients.connect(server.port(), 20, TCP)) {
                exchangeAll(clients.list(), i -> "hi " + (i + 1), WORDS.say("connected", 20), ECHO, loops());
                sleep(300); // past what the replies left to do
                var cpu = server.run().cpuOver(Duration.ofMillis(700));
                if (cpu.busy(0.3)) {
                    throw Failure.of(WORDS.say("Echo.idleWhileQuiet.headline"))
                            .called(WORDS.say("Echo.idleWhileQuiet.called", server()))
                            .expected(WORDS.say("Echo.idleWhileQuiet.expected"))
                            .got(WORDS.say("Echo.idleWhileQuiet.got", cpu.usedMillis(), cpu.availableMillis()))
                            .likely(WORDS.say("Echo.idleWhileQuiet.likely"))
                            .read(ECHO)
                            .error();
                }
            }
        }

        @Test
        public void servesOnOneThread(ServerRun server) {
            try (var clients = Clients.connect(server.port(), 20, TCP)) {
                for (int round = 1; round <= 3; round++) {
                    int r = round;
                    exchangeAll(clients.list(), i -> "thread check " + (i + 1) + "." + r, WORDS.say("connected", 20), ECHO, loops());
                }
            }
            List<String> threads = server.resumedOn();
            List<String> stray = server.newThreads();
            String caller = server.caller();
            if (!threads.equals(List.of(caller)) || !stray.isEmpty()) {
                throw Failure.of(WORDS.say("Echo.servesOnOneThread.headline"))
                        .called(WORDS.say("Echo.servesOnOneThread.called", server(), Failure.quote(caller)))
                        .expected(WORDS.say("Echo.servesOnOneThread.expected", Failure.quote(caller)))
                        .got(WORDS.say("Echo.servesOnOneThread.got", threads,
                                stray.isEmpty() ? "" : WORDS.say("Echo.servesOnOneThread.stray", stray)))
                        .likely(WORDS.say("Echo.servesOnOneThread.likely"))
                        .read(TCP)
                        .error();
            }
            // 20 clients, 3 messages each: each handler task resumed by run() at least once per message (a server task
            // that answers everyone from a loop of its own never lets run() resume a handler)
            int handlers = server.handlersMade(), resumes = server.resumes("handler");
            if (handlers < 20 || resumes < 60) {
                throw Failure.of(WORDS.say("Echo.servesOnOneThread.handlers.headline"))
                        .called(WORDS.say("Echo.servesOnOneThread.handlers.called", server()))
                        .expected(WORDS.say("Echo.servesOnOneThread.handlers.expected"))
                        .got(WORDS.say("Echo.servesOnOneThread.handlers.got", handlers, resumes))
                        .likely(WORDS.say("Echo.servesOnOneThread.handlers.likely"))
                        .read(TCP)
                        .error();
            }
        }
    }

    /** Clients that close, reset or half-close, and a server that keeps serving. */
    @Tag("hint-2")
    @ExtendWith(LearnerCode.class)
    public abstract static class Failures implements ServerChecks {

        @Override
        public ServerRun startServer(Sandbox sandbox) {
            return server(sandbox, FAILURES);
        }

        @Test
        public void clientCloses(ServerRun server) {
            String called = WORDS.say("Failures.clientCloses.called", server());
            try (var a = Client.connect(server.port(), REPLY, TCP)) {
                a.exchange("hello", "GOT:hello", REPLY, ECHO, loops());
            }
            requireLogged(server, l -> l.startsWith("Connection closed"), WORDS.say("Failures.clientCloses.logged"), called,
                    WORDS.say("Failures.clientCloses.likely"), FAILURES);
            try (var b = Client.connect(server.port(), REPLY, TCP)) {
                b.exchange("hello again", "GOT:hello again", REPLY, ECHO, WORDS.say("Failures.clientCloses.again.likely"));
            }
        }

        @Test
        public void clientResets(ServerRun server) {
            String likely = WORDS.say("Failures.clientResets.likely");
            server.check(likely, () -> {
                try (var a = Client.connect(server.port(), REPLY, TCP)) {
                    a.exchange("hello", "GOT:hello", REPLY, ECHO, loops());
                    a.send("reset coming");
                    a.reset();
                }
                sleep(300);
                try (var b = Client.connect(server.port(), REPLY, TCP)) {
                    b.exchange("still there?", "GOT:still there?", REPLY, FAILURES,
                            WORDS.say("Failures.clientResets.again.likely", likely));
                }
            });
            server.requireAlive(WORDS.say("Failures.clientResets.after"), likely);
        }

        @Test
        public void freesResetClients(ServerRun server) {
            String called = WORDS.say("Failures.freesResetClients.called", server());
            int before = server.run().descriptors();
            try (var clients = Clients.connect(server.port(), 30, TCP)) {
                exchangeAll(clients.list(), i -> "hello " + (i + 1), WORDS.say("connected", 30), ECHO, loops());
                clients.list().forEach(Client::reset);
            }
            // the handlers see the resets as errors and end: give them a moment, then count what the JVM holds
            int after = -1;
            for (int i = 0; i < 20; i++) {
                sleep(100);
                after = server.run().descriptors();
                if (before < 0 || after <= before + 2) return;
            }
            server.requireAlive(WORDS.say("Failures.freesResetClients.after"), null);
            throw Failure.of(WORDS.say("Failures.freesResetClients.headline"))
                    .called(called)
                    .expected(WORDS.say("Failures.freesResetClients.expected", before))
                    .got(WORDS.say("Failures.freesResetClients.got", after, after - before))
                    .likely(WORDS.say("Failures.freesResetClients.likely"))
                    .read(FAILURES)
                    .error();
        }

        @Test
        public void halfClose(ServerRun server) {
            // a client that sends and half-closes at once, before the server has even accepted it: when the handler
            // first reads, the data and the end of the stream are both there (three clients, so timing cannot hide it)
            for (int i = 1; i <= 3; i++) {
                try (var a = Client.connect(server.port(), REPLY, FAILURES)) {
                    a.send("last words " + i);
                    a.shutdownOutput();
                    a.expectReply(WORDS.say("Failures.halfClose.sent", "last words " + i),
                            "GOT:last words " + i, REPLY, FAILURES, WORDS.say("Failures.halfClose.likely"));
                    if (a.closedByServer(REPLY)) continue;
                }
                throw Failure.of(WORDS.say("Failures.halfClose.open.headline"))
                        .sent(WORDS.say("Failures.halfClose.open.sent", "last words " + i))
                        .expected(WORDS.say("Failures.halfClose.open.expected", "GOT:last words " + i))
                        .got(WORDS.say("Failures.halfClose.open.got", "GOT:last words " + i, REPLY.toSeconds()))
                        .likely(WORDS.say("Failures.halfClose.open.likely"))
                        .read(FAILURES)
                        .error();
            }
        }
    }

    /** The scheduler's run loop survives a task that throws. */
    @Tag("hint-2")
    @ExtendWith(LearnerCode.class)
    public abstract static class FailingTasks {

        @Test
        public void failingTaskIsLogged(Sandbox sandbox) {
            String called = WORDS.say("FailingTasks.failingTaskIsLogged.called");
            Outcome got;
            try (var run = sandbox.start(Step03Probe.class, Duration.ofSeconds(4), "failing")) {
                got = run.finish().requireNormal(called, FAILURES, WORDS.say("FailingTasks.failingTaskIsLogged.loops"));
            }
            lab.verify.Traces.requireEqual(WORDS.say("FailingTasks.failingTaskIsLogged.headline"), called,
                    List.of("T-minus 3", "Task failed: unchecked: java.lang.IllegalStateException: boom", // data
                            "Task failed: checked: java.io.IOException: gone", "T-minus 2", "T-minus 1", "Task done"), // data
                    got.output(),
                    WORDS.say("FailingTasks.failingTaskIsLogged.likely"),
                    FAILURES);
        }
    }

    /** A burst of clients larger than select() could ever watch. */
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
        public void burst(ServerRun server) {
            try (var clients = Clients.connect(server.port(), BURST, TCP)) {
                exchangeAll(clients.list(), i -> "burst " + (i + 1), WORDS.say("Burst.burst.what", BURST), TCP,
                        WORDS.say("Burst.burst.likely"));
            }
            int resumes = server.resumes("server");
            if (resumes > BURST / 4) {
                throw Failure.of(WORDS.say("Burst.burst.turns.headline", resumes, BURST))
                        .called(WORDS.say("Burst.burst.turns.called", server(), BURST))
                        .expected(WORDS.say("Burst.burst.turns.expected"))
                        .got(WORDS.say("Burst.burst.turns.got", resumes))
                        .likely(WORDS.say("Burst.burst.turns.likely"))
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
