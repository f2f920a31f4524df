package lab.verify.step06;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import lab.verify.BookSection;
import lab.verify.Client;
import lab.verify.Clients;
import lab.verify.Failure;
import lab.verify.LearnerCode;
import lab.verify.Outcome;
import lab.verify.Run;
import lab.verify.Sandbox;
import lab.verify.ServerChecks;
import lab.verify.ServerRun;
import lab.verify.Traces;
import lab.verify.step03.Step03Checks;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Step 06's checks, as abstract test classes: sleepers wake in order and on time, timed waits wake once, idle clients are closed. */
public final class Step06Checks {

    private Step06Checks() {}

    public static final BookSection SLEEPERS = new BookSection("step06-sleepers");
    public static final BookSection SELECT = new BookSection("step06-select-timeout");
    public static final BookSection TIMEOUTS = new BookSection("step06-timeouts");
    public static final BookSection CANCEL = new BookSection("step06-cancel");
    public static final BookSection IDLE = new BookSection("step06-idle");

    /** How late after its deadline a sleeper may wake: a correct scheduler takes a millisecond or two; a busy machine more. */
    public static final Duration LATE = Duration.ofMillis(200);

    /** How many sleepers wait at once in the CPU check. */
    public static final int MANY = 10_000;

    /** How many timed waits the heap check makes, and how much heap they may leave behind. */
    static final int WAITS = 200_000;
    static final long HEAP_LEFT = 3L * 1024 * 1024;

    /** The server's idle timeout in the network checks. */
    public static final Duration IDLE_TIMEOUT = Duration.ofMillis(1500);

    /** How long an active client's reply may take while 1000 idle clients are held and closed. */
    public static final Duration ACTIVE_REPLY = Duration.ofMillis(500);

    static final String BLOCKS = "waitForIo() calls selector.select() with no timeout while a task sleeps: it blocks until some channel "
            + "is ready, which may be never; select(millis to the nearest deadline), selectNow() when it has come";

    static final String NOT_EVERY_ROUND = "due sleepers are moved to the ready queue only inside waitForIo(), which runs only when "
            + "nothing is ready: call wakeSleepers() every round, as run() does";

    static Outcome run(Sandbox sandbox, Duration deadline, String called, BookSection section, String loopHint, String... args) {
        try (var run = sandbox.start(Step06Probe.class, deadline, args)) {
            return run.finish().requireNormal(called, section, loopHint);
        }
    }

    /** Sleepers wake in the order of their deadlines, not early, and soon after; a sleep of zero; many sleepers cost no CPU. */
    @DisplayName("sleepers")
    @Tag("hint-1")
    @ExtendWith(LearnerCode.class)
    public abstract static class Sleepers {

        @Test
        @DisplayName("wakes sleepers in the order of their deadlines (ties in the order they went to sleep), none early, each within 200 ms")
        public void wakeInDeadlineOrder(Sandbox sandbox) {
            String called = "9 tasks spawned in this order, each yields Wait.sleep(ms) once: "
                    + IntStream.of(Step06Probe.NAPS).mapToObj(ms -> ms + " ms").toList() + "; run()";
            Outcome got = run(sandbox, Duration.ofSeconds(6), called, SLEEPERS, BLOCKS, "sleepers");
            List<List<String>> woke = got.facts("woke");
            List<String> expected = IntStream.range(0, Step06Probe.NAPS.length).boxed()
                    .sorted(Comparator.comparingInt((Integer i) -> Step06Probe.NAPS[i]).thenComparingInt(i -> i))
                    .map(i -> "sleeper " + i + " (" + Step06Probe.NAPS[i] + " ms)").toList();
            List<String> order = woke.stream().map(f -> "sleeper " + f.get(0) + " (" + f.get(1) + " ms)").toList();
            Traces.requireEqual("The sleepers did not wake in the order of their deadlines.", called, expected, order,
                    "sleepers kept in a list, or a PriorityQueue ordered by the duration instead of the deadline (now + duration), "
                            + "or ties not broken by the order they went to sleep (a sequence number in the Sleeper)", SLEEPERS);
            for (var f : woke) {
                long lateMicros = Long.parseLong(f.get(2));
                String who = "sleeper " + f.get(0) + " (" + f.get(1) + " ms)";
                if (lateMicros < 0) {
                    throw Failure.of("A sleeper woke before its deadline.")
                            .called(called)
                            .expected(who + " resumed no sooner than " + f.get(1) + " ms after it yielded")
                            .got("resumed " + (-lateMicros / 1000.0) + " ms early")
                            .likely("a task woken when select() returns, whatever the time; or a deadline rounded down: wake only "
                                    + "sleepers whose deadline is not after System.nanoTime(), and round select's timeout up")
                            .read(SLEEPERS)
                            .error();
                }
                if (lateMicros > LATE.toMillis() * 1000) {
                    throw Failure.of("A sleeper woke long after its deadline.")
                            .called(called)
                            .expected(who + " resumed within " + LATE.toMillis() + " ms after its deadline")
                            .got("resumed " + lateMicros / 1000 + " ms late")
                            .likely("select() waits longer than until the nearest deadline (a fixed timeout, or the longest "
                                    + "deadline); or the timeout is in the wrong unit: select(long) takes milliseconds")
                            .read(SELECT)
                            .error();
                }
            }
        }

        @Test
        @DisplayName("wakes a task that sleeps zero at the next round, even while another task takes turns")
        public void sleepZeroWakesNextRound(Sandbox sandbox) {
            String called = "spawn(A: prints, yields Wait.sleep(Duration.ZERO), prints); spawn(B: prints and takes 3 turns with a bare yield); run()";
            Outcome got = run(sandbox, Duration.ofSeconds(4), called, SLEEPERS,
                    "a task that sleeps zero is never woken while another task is ready: " + NOT_EVERY_ROUND, "zero");
            Traces.requireEqual("run() did not wake the task that slept zero at the next round.", called,
                    List.of("A sleeps 0", "B turn 1", "B turn 2", "A woke", "Task done", "B turn 3", "Task done"),
                    got.output(), NOT_EVERY_ROUND, SLEEPERS);
        }

        @Test
        @DisplayName("holds 10,000 sleepers with next to no CPU, and wakes them all on time")
        public void manySleepersCostNoCpu(Sandbox sandbox) {
            String called = MANY + " tasks each yield Wait.sleep(about 3 s); run()";
            try (Run run = sandbox.start(Step06Probe.class, Duration.ofSeconds(15), "many", String.valueOf(MANY))) {
                if (run.awaitFact("asleep", Duration.ofSeconds(8)).isEmpty()) {
                    throw failed(run, called, "Your scheduler did not get " + MANY + " tasks to sleep within 8 s.", SLEEPERS);
                }
                sleep(300); // past the work of putting them to sleep
                var cpu = run.cpuOver(Duration.ofMillis(700));
                if (cpu.busy(0.3)) {
                    throw Failure.of("Your scheduler kept a core busy while every task slept.")
                            .called(called + "; nothing else to do for the next 2 s")
                            .expected("the scheduler asleep in select(timeout) until the nearest deadline: a few ms of CPU")
                            .got(cpu.usedMillis() + " ms of CPU in 700 ms (a thread that never sleeps got " + cpu.availableMillis() + " ms meanwhile)")
                            .likely("waitForIo() busy-polls: selectNow(), or select(1), over and over while tasks sleep; block in "
                                    + "select(millis until the nearest deadline) instead")
                            .read(SELECT)
                            .error();
                }
                var all = run.awaitFact("woke-all", Duration.ofSeconds(6));
                if (all.isEmpty()) throw failed(run, called, "Your scheduler did not wake all " + MANY + " sleepers within 3 s of their deadlines.", SELECT);
                long latest = Long.parseLong(all.get().get(1)), early = Long.parseLong(all.get().get(2));
                if (early > 0 || latest > 1000) {
                    throw Failure.of(early > 0 ? early + " of " + MANY + " sleepers woke before their deadlines."
                                    : "Some of " + MANY + " sleepers woke " + latest + " ms after their deadlines.")
                            .called(called)
                            .expected("each woken no sooner than its deadline, and within a second of it")
                            .got(early > 0 ? early + " early" : "the latest " + latest + " ms late")
                            .likely(early > 0 ? "a task woken when select() returns, whatever the time: wake only sleepers whose deadline has come"
                                    : "waking takes a long time per sleeper: poll the PriorityQueue while its head is due, no sorting or scanning")
                            .read(SLEEPERS)
                            .error();
                }
            }
        }
    }

    /** A wait with a timeout wakes its task once, by the channel or by the deadline, and leaves nothing behind. */
    @DisplayName("waits with a timeout")
    @Tag("hint-2")
    @ExtendWith(LearnerCode.class)
    public abstract static class Timeouts {

        static final List<String> EXPECTED = List.of(
                "recv with a 400 ms timeout, data after 50 ms: READY",
                "then sleep 800 ms: READY after 800 ms or more",
                "recv on another pipe with a 100 ms timeout, no data: TIMED_OUT",
                "then sleep 600 ms while data arrives on that pipe: READY after 600 ms or more",
                "recv on that pipe again with a 1000 ms timeout: READY at once, 1 byte read");

        @Test
        @DisplayName("wakes a task once: by its channel or by its deadline, whichever comes first, never by both")
        public void wokenOnce(Sandbox sandbox) {
            String called = "one task yields, in turn, " + String.join("; ", EXPECTED).replace(": READY", "").replace(": TIMED_OUT", "");
            Outcome got = run(sandbox, Duration.ofSeconds(8), called, CANCEL, BLOCKS, "twice");
            var waits = got.facts("waited");
            List<String> seen = new ArrayList<>();
            long[] limits = {300, 800, 100, 600, 0};
            String likely = null;
            BookSection section = CANCEL;
            for (int i = 0; i < waits.size() && i < EXPECTED.size(); i++) {
                var w = waits.get(i);
                String woke = w.get(1);
                long ms = Long.parseLong(w.get(2));
                String line = EXPECTED.get(i).substring(0, EXPECTED.get(i).lastIndexOf(':')) + ": " + woke + " after " + ms + " ms";
                seen.add(line);
                if (likely != null) continue;
                switch (i) {
                    case 0 -> {
                        if (!woke.equals("READY") || ms > limits[0]) {
                            likely = woke.equals("TIMED_OUT") ? "the channel was ready but the deadline woke the task: unpark must "
                                    + "enqueue it with Woke.READY as soon as select() reports its channel" : "unpark must resume the task with Woke.READY";
                            section = TIMEOUTS;
                        }
                    }
                    case 1 -> {
                        if (ms < 800) likely = "the task was woken twice: by its channel, then by the deadline of that recv, "
                                + "which was still in sleepers; unpark must take the task's Sleeper out of deadlines and sleepers";
                    }
                    case 2 -> {
                        if (!woke.equals("TIMED_OUT")) {
                            likely = "a task whose deadline came while it waited for a channel must be resumed with Woke.TIMED_OUT";
                            section = TIMEOUTS;
                        }
                    }
                    case 3 -> {
                        if (ms < 600) likely = "the task was woken twice: by its deadline, then by its channel, which was still "
                                + "watched; wakeSleepers must unwatch the channel (out of the wait map, interest bit cleared)";
                    }
                    default -> {
                        if (!woke.equals("READY")) likely = "a recv on a channel whose data is there must wake at once with Woke.READY";
                    }
                }
            }
            if (likely == null && waits.size() < EXPECTED.size()) {
                likely = "the task stopped after " + waits.size() + " waits: " + Outcome.tail(got.output(), 3)
                        + (got.output().stream().anyMatch(l -> l.contains("already waits"))
                        ? "; the timed-out recv left the task in the wait map: wakeSleepers must unwatch its channel" : "");
            }
            if (likely == null && !got.facts("read").equals(List.of(List.of("1")))) {
                likely = "the last recv was woken, but its byte could not be read: " + got.facts("read");
            }
            if (likely != null) {
                throw Failure.of("A task that waited with a timeout was not woken exactly once, by what came first.")
                        .called(called)
                        .expected(String.join("\n", EXPECTED))
                        .got(seen.isEmpty() ? "no wait ended" : String.join("\n", seen))
                        .likely(likely)
                        .read(section)
                        .error();
            }
        }

        @Test
        @DisplayName("leaves no deadline behind: 200,000 waits with a timeout, each woken by its channel, leave the heap as it was")
        public void noStaleDeadlines(Sandbox sandbox) {
            String called = "one task, " + WAITS + " times: writes a byte to a pipe, yields Wait.recv(pipe, 1 minute), reads it";
            List<String> fact;
            // read as soon as the task reports: a scheduler that keeps stale deadlines does not return from run() until they pass
            try (Run run = sandbox.start(Step06Probe.class, Duration.ofSeconds(30), "heap", String.valueOf(WAITS))) {
                var heap = run.awaitFact("heap", Duration.ofMillis(200));
                for (long until = System.nanoTime() + 25_000_000_000L; heap.isEmpty() && run.alive() && System.nanoTime() < until; ) {
                    heap = run.awaitFact("heap", Duration.ofMillis(200));
                }
                if (heap.isEmpty()) throw failed(run, called, "The task that waits with a timeout did not finish its " + WAITS + " waits.", TIMEOUTS);
                fact = heap.get();
            }
            var heap = List.of(fact);
            long left = Long.parseLong(heap.getFirst().get(0)), timedOut = Long.parseLong(heap.getFirst().get(3));
            if (timedOut > 0) {
                throw Failure.of("A recv whose channel was ready returned TIMED_OUT.").called(called)
                        .expected("every recv woken by its pipe, with Woke.READY")
                        .got(timedOut + " of " + WAITS + " returned something else")
                        .likely("unpark must resume the task with Woke.READY").read(TIMEOUTS).error();
            }
            if (left > HEAP_LEFT) {
                throw Failure.of("Your scheduler kept the deadlines of waits that had ended: the heap grew by "
                                + left / 1024 / 1024 + " MiB over " + WAITS + " waits.")
                        .called(called)
                        .expected("the heap as it was (less than " + HEAP_LEFT / 1024 / 1024 + " MiB more): a wait woken by its "
                                + "channel takes its deadline out of sleepers at once")
                        .got(left / 1024 + " KiB more in use after a full collection")
                        .likely("cancelled deadlines left in the PriorityQueue (marked, or skipped when they come up): a server "
                                + "with a 30 s idle timeout then holds every message's deadline for 30 s; unpark must remove the "
                                + "task's Sleeper from sleepers, not only from deadlines")
                        .read(CANCEL)
                        .error();
            }
        }
    }

    /** The echo server closes clients that send nothing for its idle timeout, and never the ones that talk. */
    @DisplayName("idle clients")
    @Tag("hint-3")
    @ExtendWith(LearnerCode.class)
    public abstract static class IdleClients implements ServerChecks {

        static final String SERVER = "tcpServer(scheduler, listen(127.0.0.1, a free port), client -> echoHandler(client, "
                + IDLE_TIMEOUT.toMillis() + " ms)); run()";

        @Override
        public ServerRun startServer(Sandbox sandbox) {
            return ServerRun.start(sandbox, Step06Probe.class, Step03Checks.SERVER_LIFE, SERVER, IDLE,
                    "the server's thread is stuck: a loop that never yields, or a blocking call", "server",
                    String.valueOf(IDLE_TIMEOUT.toMillis()));
        }

        @Test
        @DisplayName("closes 20 clients that send nothing for the idle timeout, not before, logs it, and frees their sockets")
        public void idleClientsClosed(ServerRun server) {
            String called = SERVER + "; 20 clients each say hello once, then send nothing";
            int before = server.run().descriptors();
            try (var clients = Clients.connect(server.port(), 20, IDLE)) {
                Step03Checks.exchangeAll(clients.list(), i -> "hello " + i, "20 connected", IDLE, "echoHandler as in step 05");
                long spoke = System.nanoTime();
                for (int i = 0; i < clients.list().size(); i++) {
                    Client c = clients.list().get(i);
                    long waitMs = IDLE_TIMEOUT.toMillis() + 3000 - (System.nanoTime() - spoke) / 1_000_000;
                    boolean closed = c.closedByServer(Duration.ofMillis(Math.max(1, waitMs)));
                    long at = (System.nanoTime() - spoke) / 1_000_000;
                    if (!closed) {
                        throw Failure.of("Your server kept a client that sent nothing for " + (at / 1000.0) + " s.")
                                .called(called).expected("the connection closed after " + IDLE_TIMEOUT.toMillis() + " ms without data")
                                .got("client " + (i + 1) + " still open " + at + " ms after its last message")
                                .likely("echoHandler waits with socket.recv(buffer) (no timeout), or catches the SocketTimeoutException "
                                        + "and reads again: on the timeout, log it and leave the loop, which closes the socket")
                                .read(IDLE).error();
                    }
                    if (i == 0 && at < IDLE_TIMEOUT.toMillis() - 100) {
                        throw Failure.of("Your server closed a client before its idle timeout.")
                                .called(called).expected("the connection open for " + IDLE_TIMEOUT.toMillis() + " ms after its last message")
                                .got("closed after " + at + " ms")
                                .likely("the timeout is in the wrong unit, or counted from the connection instead of the last message: "
                                        + "pass idle to each recv").read(IDLE).error();
                    }
                }
                int port = clients.list().getFirst().socket().getLocalPort();
                Step03Checks.requireLogged(server, l -> l.toLowerCase(java.util.Locale.ROOT).contains("idle") && l.contains(":" + port),
                        "saying the client on port " + port + " was idle (\"Idle timeout /127.0.0.1:" + port + " ...\")", called,
                        "print a line with \"Idle\" and the client's address when recv times out", IDLE);
            }
            int after = -1;
            for (int i = 0; i < 20 && before >= 0; i++) {
                sleep(100);
                after = server.run().descriptors();
                if (after <= before + 2) return;
            }
            if (before >= 0) {
                throw Failure.of("Your server closed idle clients but kept their sockets.")
                        .called(called).expected("its JVM back to the " + before + " descriptors it held before")
                        .got(after + " descriptors open").likely("close the channel when the handler ends: try (var socket = new GenSocket(y, client))")
                        .read(IDLE).error();
            }
        }

        @Test
        @DisplayName("never closes a slow client that sends a byte every third of the idle timeout")
        public void slowButActiveKept(Client client) {
            long every = IDLE_TIMEOUT.toMillis() / 3;
            for (int i = 1; i <= 9; i++) {
                sleep(every);
                client.exchange("" + (char) ('a' + i), "GOT:" + (char) ('a' + i), Step03Checks.REPLY, IDLE,
                        "the idle timeout is counted from the connection, or from the first message, not from the last: "
                                + "each recv waits at most idle, and a recv that returns data starts the next wait afresh");
            }
        }

        @Test
        @DisplayName("1000 idle clients and 100 active ones: every active reply within 500 ms, while the idle ones are held and closed")
        public void activeAmongIdle(ServerRun server) {
            String called = SERVER + "; 1000 clients say hello and then nothing; 100 others exchange a message each every 100 ms for 3 s";
            try (var idle = Clients.connect(server.port(), 1000, IDLE); var active = Clients.connect(server.port(), 100, IDLE)) {
                Step03Checks.exchangeAll(idle.list(), i -> "idle " + i, "1000 idle, hello", IDLE, "echoHandler as in step 05");
                long until = System.nanoTime() + IDLE_TIMEOUT.toNanos() + 1_500_000_000L, worst = 0;
                int round = 0;
                while (System.nanoTime() < until) {
                    round++;
                    int r = round;
                    long start = System.nanoTime();
                    for (int i = 0; i < 100; i++) active.list().get(i).send("active " + i + "." + r);
                    for (int i = 0; i < 100; i++) {
                        String m = "active " + i + "." + r;
                        active.list().get(i).expectReply(m, "GOT:" + m, Step03Checks.REPLY, IDLE,
                                "an active client was closed or not answered while idle clients timed out");
                    }
                    long took = (System.nanoTime() - start) / 1_000_000;
                    worst = Math.max(worst, took);
                    if (took > ACTIVE_REPLY.toMillis()) {
                        throw Failure.of("Active clients waited " + took + " ms for their replies among 1000 idle clients.")
                                .called(called).expected("every round of 100 replies within " + ACTIVE_REPLY.toMillis() + " ms")
                                .got("round " + r + " took " + took + " ms")
                                .likely("work per round that grows with the idle clients: scanning every sleeper or key each round, "
                                        + "or sorting the deadlines; keep them in a PriorityQueue and look only at its head")
                                .read(SELECT).error();
                    }
                    sleep(100);
                }
                long closed = idle.list().stream().filter(c -> c.closedByServer(Duration.ofMillis(1))).count();
                if (closed < 1000) {
                    throw Failure.of("Your server kept " + (1000 - closed) + " of 1000 idle clients past the idle timeout.")
                            .called(called).expected("all 1000 closed " + IDLE_TIMEOUT.toMillis() + " ms after their hello")
                            .got(closed + " closed, after " + (IDLE_TIMEOUT.toMillis() + 1500) + " ms")
                            .likely("some timed-out recvs never wake: wakeSleepers must wake every due sleeper, not one per round")
                            .read(IDLE).error();
                }
            }
        }
    }

    static AssertionError failed(Run run, String called, String headline, BookSection section) {
        run.close();
        Outcome outcome = run.finish();
        return outcome.failure(called, section, BLOCKS).orElseGet(() -> Failure.of(headline).called(called)
                .got(Outcome.tail(outcome.output(), 6)).likely(BLOCKS).read(section)).error();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
