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
import lab.verify.Words;
import lab.verify.step03.Step03Checks;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Step 06's checks, as abstract test classes: sleepers wake in order and on time, timed waits wake once, idle clients are closed. */
public final class Step06Checks {

    private Step06Checks() {}

    private static final Words WORDS = Words.of(Step06Checks.class);

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

    /** The likely mistake of a scheduler that never gets back from select() while tasks sleep. */
    static String blocks() {
        return WORDS.say("blocks");
    }

    /** The likely mistake of a scheduler that wakes due sleepers only when nothing is ready. */
    static String notEveryRound() {
        return WORDS.say("round");
    }

    static Outcome run(Sandbox sandbox, Duration deadline, String called, BookSection section, String loopHint, String... args) {
        try (var run = sandbox.start(Step06Probe.class, deadline, args)) {
            return run.finish().requireNormal(called, section, loopHint);
        }
    }

    /** Sleepers wake in the order of their deadlines, not early, and soon after; a sleep of zero; many sleepers cost no CPU. */
    @Tag("hint-1")
    @ExtendWith(LearnerCode.class)
    public abstract static class Sleepers {

        @Test
        public void wakeInDeadlineOrder(Sandbox sandbox) {
            String called = WORDS.say("Sleepers.wakeInDeadlineOrder.called",
                    IntStream.of(Step06Probe.NAPS).mapToObj(ms -> ms + " ms").toList());
            Outcome got = run(sandbox, Duration.ofSeconds(6), called, SLEEPERS, blocks(), "sleepers");
            List<List<String>> woke = got.facts("woke");
            List<String> expected = IntStream.range(0, Step06Probe.NAPS.length).boxed()
                    .sorted(Comparator.comparingInt((Integer i) -> Step06Probe.NAPS[i]).thenComparingInt(i -> i))
                    .map(i -> WORDS.say("Sleepers.wakeInDeadlineOrder.sleeper", i, Step06Probe.NAPS[i])).toList();
            List<String> order = woke.stream().map(f -> WORDS.say("Sleepers.wakeInDeadlineOrder.sleeper", f.get(0), f.get(1))).toList();
            Traces.requireEqual(WORDS.say("Sleepers.wakeInDeadlineOrder.headline"), called, expected, order,
                    WORDS.say("Sleepers.wakeInDeadlineOrder.likely"), SLEEPERS);
            for (var f : woke) {
                long lateMicros = Long.parseLong(f.get(2));
                String who = WORDS.say("Sleepers.wakeInDeadlineOrder.sleeper", f.get(0), f.get(1));
                if (lateMicros < 0) {
                    throw Failure.of(WORDS.say("Sleepers.wakeInDeadlineOrder.early.headline"))
                            .called(called)
                            .expected(WORDS.say("Sleepers.wakeInDeadlineOrder.early.expected", who, f.get(1)))
                            .got(WORDS.say("Sleepers.wakeInDeadlineOrder.early.got", -lateMicros / 1000.0))
                            .likely(WORDS.say("Sleepers.wakeInDeadlineOrder.early.likely"))
                            .read(SLEEPERS)
                            .error();
                }
                if (lateMicros > LATE.toMillis() * 1000) {
                    throw Failure.of(WORDS.say("Sleepers.wakeInDeadlineOrder.late.headline"))
                            .called(called)
                            .expected(WORDS.say("Sleepers.wakeInDeadlineOrder.late.expected", who, LATE.toMillis()))
                            .got(WORDS.say("Sleepers.wakeInDeadlineOrder.late.got", lateMicros / 1000))
                            .likely(WORDS.say("Sleepers.wakeInDeadlineOrder.late.likely"))
                            .read(SELECT)
                            .error();
                }
            }
        }

        @Test
        public void sleepZeroWakesNextRound(Sandbox sandbox) {
            String called = WORDS.say("Sleepers.sleepZeroWakesNextRound.called");
            Outcome got = run(sandbox, Duration.ofSeconds(4), called, SLEEPERS,
                    WORDS.say("Sleepers.sleepZeroWakesNextRound.loops", notEveryRound()), "zero");
            Traces.requireEqual(WORDS.say("Sleepers.sleepZeroWakesNextRound.headline"), called,
                    List.of("A sleeps 0", "B turn 1", "B turn 2", "A woke", "Task done", "B turn 3", "Task done"), // data
                    got.output(), notEveryRound(), SLEEPERS);
        }

        @Test
        public void manySleepersCostNoCpu(Sandbox sandbox) {
            String called = WORDS.say("Sleepers.manySleepersCostNoCpu.called", MANY);
            try (Run run = sandbox.start(Step06Probe.class, Duration.ofSeconds(15), "many", String.valueOf(MANY))) {
                if (run.awaitFact("asleep", Duration.ofSeconds(8)).isEmpty()) {
                    throw failed(run, called, WORDS.say("Sleepers.manySleepersCostNoCpu.asleep", MANY), SLEEPERS);
                }
                sleep(300); // past the work of putting them to sleep
                var cpu = run.cpuOver(Duration.ofMillis(700));
                if (cpu.busy(0.3)) {
                    throw Failure.of(WORDS.say("Sleepers.manySleepersCostNoCpu.cpu.headline"))
                            .called(WORDS.say("Sleepers.manySleepersCostNoCpu.cpu.called", called))
                            .expected(WORDS.say("Sleepers.manySleepersCostNoCpu.cpu.expected"))
                            .got(WORDS.say("Sleepers.manySleepersCostNoCpu.cpu.got", cpu.usedMillis(), cpu.availableMillis()))
                            .likely(WORDS.say("Sleepers.manySleepersCostNoCpu.cpu.likely"))
                            .read(SELECT)
                            .error();
                }
                var all = run.awaitFact("woke-all", Duration.ofSeconds(6));
                if (all.isEmpty()) throw failed(run, called, WORDS.say("Sleepers.manySleepersCostNoCpu.wokeAll", MANY), SELECT);
                long latest = Long.parseLong(all.get().get(1)), early = Long.parseLong(all.get().get(2));
                if (early > 0 || latest > 1000) {
                    throw Failure.of(early > 0 ? WORDS.say("Sleepers.manySleepersCostNoCpu.early.headline", early, MANY)
                                    : WORDS.say("Sleepers.manySleepersCostNoCpu.late.headline", MANY, latest))
                            .called(called)
                            .expected(WORDS.say("Sleepers.manySleepersCostNoCpu.expected"))
                            .got(early > 0 ? WORDS.say("Sleepers.manySleepersCostNoCpu.early.got", early)
                                    : WORDS.say("Sleepers.manySleepersCostNoCpu.late.got", latest))
                            .likely(early > 0 ? WORDS.say("Sleepers.manySleepersCostNoCpu.early.likely")
                                    : WORDS.say("Sleepers.manySleepersCostNoCpu.late.likely"))
                            .read(SLEEPERS)
                            .error();
                }
            }
        }
    }

    /** A wait with a timeout wakes its task once, by the channel or by the deadline, and leaves nothing behind. */
    @Tag("hint-2")
    @ExtendWith(LearnerCode.class)
    public abstract static class Timeouts {

        /** How many waits {@link #wokenOnce} makes. */
        static final int WAITED = 5;

        /** Wait {@code i} of {@link #wokenOnce}: what the task yields. */
        static String waited(int i) {
            return switch (i) {
                case 0 -> WORDS.say("Timeouts.wokenOnce.wait.0");
                case 1 -> WORDS.say("Timeouts.wokenOnce.wait.1");
                case 2 -> WORDS.say("Timeouts.wokenOnce.wait.2");
                case 3 -> WORDS.say("Timeouts.wokenOnce.wait.3");
                default -> WORDS.say("Timeouts.wokenOnce.wait.4");
            };
        }

        /** Wait {@code i} of {@link #wokenOnce}: what it yields, then what it must return, and when. */
        static String expected(int i) {
            String outcome = switch (i) {
                case 0 -> WORDS.say("Timeouts.wokenOnce.outcome.0");
                case 1 -> WORDS.say("Timeouts.wokenOnce.outcome.1");
                case 2 -> WORDS.say("Timeouts.wokenOnce.outcome.2");
                case 3 -> WORDS.say("Timeouts.wokenOnce.outcome.3");
                default -> WORDS.say("Timeouts.wokenOnce.outcome.4");
            };
            return WORDS.say("Timeouts.wokenOnce.line", waited(i), outcome);
        }

        @Test
        public void wokenOnce(Sandbox sandbox) {
            String called = WORDS.say("Timeouts.wokenOnce.called");
            Outcome got = run(sandbox, Duration.ofSeconds(8), called, CANCEL, blocks(), "twice");
            var waits = got.facts("waited");
            List<String> seen = new ArrayList<>();
            long[] limits = {300, 800, 100, 600, 0};
            String likely = null;
            BookSection section = CANCEL;
            for (int i = 0; i < waits.size() && i < WAITED; i++) {
                var w = waits.get(i);
                String woke = w.get(1);
                long ms = Long.parseLong(w.get(2));
                String line = WORDS.say("Timeouts.wokenOnce.seen", waited(i), woke, ms);
                seen.add(line);
                if (likely != null) continue;
                switch (i) {
                    case 0 -> {
                        if (!woke.equals("READY") || ms > limits[0]) {
                            likely = woke.equals("TIMED_OUT") ? WORDS.say("Timeouts.wokenOnce.likely.deadlineFirst") : ready();
                            section = TIMEOUTS;
                        }
                    }
                    case 1 -> {
                        if (ms < 800) likely = WORDS.say("Timeouts.wokenOnce.likely.deadlineKept");
                    }
                    case 2 -> {
                        if (!woke.equals("TIMED_OUT")) {
                            likely = WORDS.say("Timeouts.wokenOnce.likely.timedOut");
                            section = TIMEOUTS;
                        }
                    }
                    case 3 -> {
                        if (ms < 600) likely = WORDS.say("Timeouts.wokenOnce.likely.channelKept");
                    }
                    default -> {
                        if (!woke.equals("READY")) likely = WORDS.say("Timeouts.wokenOnce.likely.atOnce");
                    }
                }
            }
            if (likely == null && waits.size() < WAITED) {
                likely = got.output().stream().anyMatch(l -> l.contains("already waits"))
                        ? WORDS.say("Timeouts.wokenOnce.likely.stillWatched", waits.size(), Outcome.tail(got.output(), 3))
                        : WORDS.say("Timeouts.wokenOnce.likely.stopped", waits.size(), Outcome.tail(got.output(), 3));
            }
            if (likely == null && !got.facts("read").equals(List.of(List.of("1")))) {
                likely = WORDS.say("Timeouts.wokenOnce.likely.unread", got.facts("read"));
            }
            if (likely != null) {
                throw Failure.of(WORDS.say("Timeouts.wokenOnce.headline"))
                        .called(called)
                        .expected(String.join("\n", IntStream.range(0, WAITED).mapToObj(Timeouts::expected).toList()))
                        .got(seen.isEmpty() ? WORDS.say("Timeouts.wokenOnce.none") : String.join("\n", seen))
                        .likely(likely)
                        .read(section)
                        .error();
            }
        }

        /** The likely mistake of a scheduler that resumes a task woken by its channel with anything but Woke.READY. */
        static String ready() {
            return WORDS.say("Timeouts.ready");
        }

        @Test
        public void noStaleDeadlines(Sandbox sandbox) {
            String called = WORDS.say("Timeouts.noStaleDeadlines.called", WAITS);
            List<String> fact;
            // read as soon as the task reports: a scheduler that keeps stale deadlines does not return from run() until they pass
            try (Run run = sandbox.start(Step06Probe.class, Duration.ofSeconds(30), "heap", String.valueOf(WAITS))) {
                var heap = run.awaitFact("heap", Duration.ofMillis(200));
                for (long until = System.nanoTime() + 25_000_000_000L; heap.isEmpty() && run.alive() && System.nanoTime() < until; ) {
                    heap = run.awaitFact("heap", Duration.ofMillis(200));
                }
                if (heap.isEmpty()) throw failed(run, called, WORDS.say("Timeouts.noStaleDeadlines.unfinished", WAITS), TIMEOUTS);
                fact = heap.get();
            }
            var heap = List.of(fact);
            long left = Long.parseLong(heap.getFirst().get(0)), timedOut = Long.parseLong(heap.getFirst().get(3));
            if (timedOut > 0) {
                throw Failure.of(WORDS.say("Timeouts.noStaleDeadlines.timedOut.headline")).called(called)
                        .expected(WORDS.say("Timeouts.noStaleDeadlines.timedOut.expected"))
                        .got(WORDS.say("Timeouts.noStaleDeadlines.timedOut.got", timedOut, WAITS))
                        .likely(ready()).read(TIMEOUTS).error();
            }
            if (left > HEAP_LEFT) {
                throw Failure.of(WORDS.say("Timeouts.noStaleDeadlines.heap.headline", left / 1024 / 1024, WAITS))
                        .called(called)
                        .expected(WORDS.say("Timeouts.noStaleDeadlines.heap.expected", HEAP_LEFT / 1024 / 1024))
                        .got(WORDS.say("Timeouts.noStaleDeadlines.heap.got", left / 1024))
                        .likely(WORDS.say("Timeouts.noStaleDeadlines.heap.likely"))
                        .read(CANCEL)
                        .error();
            }
        }
    }

    /** The echo server closes clients that send nothing for its idle timeout, and never the ones that talk. */
    @Tag("hint-3")
    @ExtendWith(LearnerCode.class)
    public abstract static class IdleClients implements ServerChecks {

        /** The server the network checks start, as called. */
        static String server() {
            return WORDS.say("IdleClients.server", IDLE_TIMEOUT.toMillis());
        }

        /** The likely mistake of a server whose echo fails: its handler. */
        static String handler() {
            return WORDS.say("IdleClients.handler");
        }

        @Override
        public ServerRun startServer(Sandbox sandbox) {
            return ServerRun.start(sandbox, Step06Probe.class, Step03Checks.SERVER_LIFE, server(), IDLE,
                    WORDS.say("IdleClients.loops"), "server", String.valueOf(IDLE_TIMEOUT.toMillis()));
        }

        @Test
        public void idleClientsClosed(ServerRun server) {
            String called = WORDS.say("IdleClients.idleClientsClosed.called", server());
            int before = server.run().descriptors();
            try (var clients = Clients.connect(server.port(), 20, IDLE)) {
                Step03Checks.exchangeAll(clients.list(), i -> "hello " + i, WORDS.say("IdleClients.idleClientsClosed.what"), IDLE, handler());
                long spoke = System.nanoTime();
                for (int i = 0; i < clients.list().size(); i++) {
                    Client c = clients.list().get(i);
                    long waitMs = IDLE_TIMEOUT.toMillis() + 3000 - (System.nanoTime() - spoke) / 1_000_000;
                    boolean closed = c.closedByServer(Duration.ofMillis(Math.max(1, waitMs)));
                    long at = (System.nanoTime() - spoke) / 1_000_000;
                    if (!closed) {
                        throw Failure.of(WORDS.say("IdleClients.idleClientsClosed.kept.headline", at / 1000.0))
                                .called(called).expected(WORDS.say("IdleClients.idleClientsClosed.kept.expected", IDLE_TIMEOUT.toMillis()))
                                .got(WORDS.say("IdleClients.idleClientsClosed.kept.got", i + 1, at))
                                .likely(WORDS.say("IdleClients.idleClientsClosed.kept.likely"))
                                .read(IDLE).error();
                    }
                    if (i == 0 && at < IDLE_TIMEOUT.toMillis() - 100) {
                        throw Failure.of(WORDS.say("IdleClients.idleClientsClosed.early.headline"))
                                .called(called).expected(WORDS.say("IdleClients.idleClientsClosed.early.expected", IDLE_TIMEOUT.toMillis()))
                                .got(WORDS.say("IdleClients.idleClientsClosed.early.got", at))
                                .likely(WORDS.say("IdleClients.idleClientsClosed.early.likely")).read(IDLE).error();
                    }
                }
                int port = clients.list().getFirst().socket().getLocalPort();
                Step03Checks.requireLogged(server, l -> l.toLowerCase(java.util.Locale.ROOT).contains("idle") && l.contains(":" + port),
                        WORDS.say("IdleClients.idleClientsClosed.logged", port), called,
                        WORDS.say("IdleClients.idleClientsClosed.logged.likely"), IDLE);
            }
            int after = -1;
            for (int i = 0; i < 20 && before >= 0; i++) {
                sleep(100);
                after = server.run().descriptors();
                if (after <= before + 2) return;
            }
            if (before >= 0) {
                throw Failure.of(WORDS.say("IdleClients.idleClientsClosed.sockets.headline"))
                        .called(called).expected(WORDS.say("IdleClients.idleClientsClosed.sockets.expected", before))
                        .got(WORDS.say("IdleClients.idleClientsClosed.sockets.got", after))
                        .likely(WORDS.say("IdleClients.idleClientsClosed.sockets.likely"))
                        .read(IDLE).error();
            }
        }

        @Test
        public void slowButActiveKept(Client client) {
            long every = IDLE_TIMEOUT.toMillis() / 3;
            for (int i = 1; i <= 9; i++) {
                sleep(every);
                client.exchange("" + (char) ('a' + i), "GOT:" + (char) ('a' + i), Step03Checks.REPLY, IDLE,
                        WORDS.say("IdleClients.slowButActiveKept.likely"));
            }
        }

        @Test
        public void activeAmongIdle(ServerRun server) {
            String called = WORDS.say("IdleClients.activeAmongIdle.called", server());
            try (var idle = Clients.connect(server.port(), 1000, IDLE); var active = Clients.connect(server.port(), 100, IDLE)) {
                Step03Checks.exchangeAll(idle.list(), i -> "idle " + i, WORDS.say("IdleClients.activeAmongIdle.what"), IDLE, handler());
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
                                WORDS.say("IdleClients.activeAmongIdle.reply.likely"));
                    }
                    long took = (System.nanoTime() - start) / 1_000_000;
                    worst = Math.max(worst, took);
                    if (took > ACTIVE_REPLY.toMillis()) {
                        throw Failure.of(WORDS.say("IdleClients.activeAmongIdle.slow.headline", took))
                                .called(called).expected(WORDS.say("IdleClients.activeAmongIdle.slow.expected", ACTIVE_REPLY.toMillis()))
                                .got(WORDS.say("IdleClients.activeAmongIdle.slow.got", r, took))
                                .likely(WORDS.say("IdleClients.activeAmongIdle.slow.likely"))
                                .read(SELECT).error();
                    }
                    sleep(100);
                }
                long closed = idle.list().stream().filter(c -> c.closedByServer(Duration.ofMillis(1))).count();
                if (closed < 1000) {
                    throw Failure.of(WORDS.say("IdleClients.activeAmongIdle.kept.headline", 1000 - closed))
                            .called(called).expected(WORDS.say("IdleClients.activeAmongIdle.kept.expected", IDLE_TIMEOUT.toMillis()))
                            .got(WORDS.say("IdleClients.activeAmongIdle.kept.got", closed, IDLE_TIMEOUT.toMillis() + 1500))
                            .likely(WORDS.say("IdleClients.activeAmongIdle.kept.likely"))
                            .read(IDLE).error();
                }
            }
        }
    }

    static AssertionError failed(Run run, String called, String headline, BookSection section) {
        run.close();
        Outcome outcome = run.finish();
        return outcome.failure(called, section, blocks()).orElseGet(() -> Failure.of(headline).called(called)
                .got(Outcome.tail(outcome.output(), 6)).likely(blocks()).read(section)).error();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
