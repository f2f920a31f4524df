package lab.verify.step02;

import java.time.Duration;
import java.util.List;
import lab.verify.BookSection;
import lab.verify.Failure;
import lab.verify.LearnerCode;
import lab.verify.Outcome;
import lab.verify.Sandbox;
import lab.verify.Traces;
import lab.verify.Words;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Step 02's checks, as abstract test classes: step 02's verifier runs them as nested classes, and every later
 * step runs them again.
 */
public final class Step02Checks {

    private Step02Checks() {}

    private static final Words WORDS = Words.of(Step02Checks.class);

    public static final BookSection PIPES = new BookSection("step02-pipes");
    public static final BookSection PARK = new BookSection("step02-park");
    public static final BookSection SELECT = new BookSection("step02-select");
    public static final BookSection RUN = new BookSection("step02-run");

    /** The scenarios wait 150–450 ms for data on purpose; this is how long a hang gets. */
    public static final Duration DEADLINE = Duration.ofSeconds(4);

    /** The likely mistake when a scenario never ends: a task that waits for ever. */
    static String hangs() {
        return WORDS.say("hangs");
    }

    public static Outcome run(Sandbox sandbox, String called, BookSection section, String hint, String... args) {
        try (var run = sandbox.start(Step02Probe.class, DEADLINE, args)) {
            return run.finish().requireNormal(called, section, hint);
        }
    }

    static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).startsWith(prefix)) return i;
        return -1;
    }

    /** A waiting task is resumed only once its channel is ready, and then it is. */
    @Tag("hint-1")
    @ExtendWith(LearnerCode.class)
    public abstract static class Waiting {

        @Test
        public void recvWaitsForData(Sandbox sandbox) {
            String called = WORDS.say("Waiting.recvWaitsForData.called");
            var got = run(sandbox, called, SELECT, hangs(), "recv-waits");
            List<String> out = got.output();
            int resumed = indexOf(out, "A resumed");
            String bWrote = "B writes hello", aRead = "A resumed: read 5 bytes: hello"; // data
            int wrote = out.indexOf(bWrote);
            if (resumed >= 0 && resumed < wrote || resumed >= 0 && !out.get(resumed).equals(aRead)) {
                throw Failure.of(WORDS.say("Waiting.recvWaitsForData.early.headline"))
                        .called(called)
                        .expected(WORDS.say("Waiting.recvWaitsForData.early.expected"))
                        .got(Failure.numbered(out, 12))
                        .likely(WORDS.say("Waiting.recvWaitsForData.early.likely"))
                        .read(PARK)
                        .error();
            }
            if (resumed < 0) {
                throw Failure.of(WORDS.say("Waiting.recvWaitsForData.never.headline"))
                        .called(called)
                        .expected(WORDS.say("Waiting.recvWaitsForData.never.expected", aRead, bWrote))
                        .got(Failure.numbered(out, 12))
                        .likely(WORDS.say("Waiting.recvWaitsForData.never.likely"))
                        .read(RUN)
                        .error();
            }
        }

        @Test
        public void sendWaitsForRoom(Sandbox sandbox) {
            String called = WORDS.say("Waiting.sendWaitsForRoom.called");
            var got = run(sandbox, called, SELECT, hangs(), "send-waits");
            String resumed = got.output().stream().filter(l -> l.startsWith("S resumed")).findFirst().orElse(null);
            String expected = "S resumed: wrote 4 bytes"; // data
            if (!expected.equals(resumed)) {
                throw Failure.of(WORDS.say(resumed == null ? "Waiting.sendWaitsForRoom.never.headline" : "Waiting.sendWaitsForRoom.early.headline"))
                        .called(called)
                        .expected(WORDS.say("Waiting.sendWaitsForRoom.expected", expected))
                        .got(Failure.numbered(got.output(), 8))
                        .likely(WORDS.say(resumed == null ? "Waiting.sendWaitsForRoom.never.likely" : "Waiting.sendWaitsForRoom.early.likely"))
                        .read(PARK)
                        .error();
            }
        }

        @Test
        public void recvOnServerChannelWaitsForAccept(Sandbox sandbox) {
            String called = WORDS.say("Waiting.recvOnServerChannelWaitsForAccept.called");
            var got = run(sandbox, called, PARK, hangs(), "accept-waits");
            Traces.requireEqual(WORDS.say("Waiting.recvOnServerChannelWaitsForAccept.headline"), called,
                    List.of("T waits for a connection", "T resumed: accepted a connection", "Task done"), got.output(), // data
                    WORDS.say("Waiting.recvOnServerChannelWaitsForAccept.likely"),
                    PARK);
        }

        @Test
        public void wakeInReadinessOrder(Sandbox sandbox) {
            String called = WORDS.say("Waiting.wakeInReadinessOrder.called");
            var got = run(sandbox, called, SELECT, hangs(), "ready-order");
            Traces.requireEqual(WORDS.say("Waiting.wakeInReadinessOrder.headline"), called,
                    List.of("reader 3 got 5 bytes: three", "Task done", "reader 1 got 3 bytes: one", "Task done", // data
                            "reader 2 got 3 bytes: two", "Task done"), // data
                    got.output(),
                    WORDS.say("Waiting.wakeInReadinessOrder.likely"),
                    SELECT);
        }
    }

    /** How much CPU a JVM may use while every task waits, as a share of the time measured: a sleeping one uses next to none. */
    static final double IDLE_SHARE = 0.3;

    /** The selector's bookkeeping: interest bits set and cleared per direction, one waiter per direction, no spinning. */
    @Tag("hint-1")
    @ExtendWith(LearnerCode.class)
    public abstract static class Bookkeeping {

        @Test
        public void readerAndWriterOnOneSocket(Sandbox sandbox) {
            String called = WORDS.say("Bookkeeping.readerAndWriterOnOneSocket.called");
            var got = run(sandbox, called, PARK, WORDS.say("Bookkeeping.readerAndWriterOnOneSocket.hangs"), "both-ways");
            Traces.requireEqual(WORDS.say("Bookkeeping.readerAndWriterOnOneSocket.headline"), called,
                    List.of("W wrote ping", "Task done", "R read: hello", "Task done"), got.output(), // data
                    WORDS.say("Bookkeeping.readerAndWriterOnOneSocket.likely"),
                    PARK);
        }

        @Test
        public void secondWaiterIsAnError(Sandbox sandbox) {
            String called = WORDS.say("Bookkeeping.secondWaiterIsAnError.called");
            var got = run(sandbox, called, PARK, WORDS.say("Bookkeeping.secondWaiterIsAnError.hangs"), "second-waiter");
            if (got.facts("threw").isEmpty()) {
                throw Failure.of(WORDS.say("Bookkeeping.secondWaiterIsAnError.headline"))
                        .called(called)
                        .expected(WORDS.say("Bookkeeping.secondWaiterIsAnError.expected"))
                        .got(WORDS.say("Bookkeeping.secondWaiterIsAnError.got", Failure.numbered(got.output(), 8)))
                        .likely(WORDS.say("Bookkeeping.secondWaiterIsAnError.likely"))
                        .read(PARK)
                        .error();
            }
        }

        @Test
        public void sleepsWhileWaiting(Sandbox sandbox) {
            String called = WORDS.say("Bookkeeping.sleepsWhileWaiting.called");
            lab.verify.Run.CpuWindow cpu;
            try (var run = sandbox.start(Step02Probe.class, DEADLINE, "idle")) {
                if (run.awaitFact("waiting", java.time.Duration.ofSeconds(3)).isEmpty()) {
                    run.finish().requireNormal(called, SELECT, hangs());
                    throw Failure.of(WORDS.say("Bookkeeping.sleepsWhileWaiting.noWait")).called(called).read(SELECT).error();
                }
                sleep(300); // past the JVM's own start-up work
                cpu = run.cpuOver(java.time.Duration.ofMillis(700));
                run.finish().requireNormal(called, SELECT, hangs());
            }
            if (cpu.busy(IDLE_SHARE)) {
                throw Failure.of(WORDS.say("Bookkeeping.sleepsWhileWaiting.headline"))
                        .called(called)
                        .expected(WORDS.say("Bookkeeping.sleepsWhileWaiting.expected"))
                        .got(WORDS.say("Bookkeeping.sleepsWhileWaiting.got", cpu.usedMillis(), cpu.availableMillis()))
                        .likely(WORDS.say("Bookkeeping.sleepsWhileWaiting.likely"))
                        .read(SELECT)
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

    /** What a task may yield is a closed set; anything else is an error that names it. */
    @Tag("hint-2")
    @ExtendWith(LearnerCode.class)
    public abstract static class Reasons {

        @Test
        public void unknownReasonFails(Sandbox sandbox) {
            String called = WORDS.say("Reasons.unknownReasonFails.called");
            var got = run(sandbox, called, RUN, WORDS.say("Reasons.unknownReasonFails.hangs"), "unknown");
            String nap = "Nap[seconds=5]";
            List<List<String>> threw = got.facts("threw");
            if (threw.isEmpty()) {
                throw Failure.of(WORDS.say("Reasons.unknownReasonFails.silent.headline"))
                        .called(called)
                        .expected(WORDS.say("Reasons.unknownReasonFails.silent.expected", nap))
                        .got(WORDS.say("Reasons.unknownReasonFails.silent.got", Failure.numbered(got.output(), 8)))
                        .likely(WORDS.say("Reasons.unknownReasonFails.silent.likely"))
                        .read(RUN)
                        .error();
            }
            String message = threw.getFirst().get(1);
            if (!message.contains(nap)) {
                throw Failure.of(WORDS.say("Reasons.unknownReasonFails.unnamed.headline"))
                        .called(called)
                        .expected(WORDS.say("Reasons.unknownReasonFails.unnamed.expected", nap))
                        .got(threw.getFirst().getFirst() + ": " + message)
                        .likely(WORDS.say("Reasons.unknownReasonFails.unnamed.likely"))
                        .read(RUN)
                        .error();
            }
        }
    }

    /** The reader and writer tasks, and a run that ends when everything has finished. */
    @Tag("hint-3")
    @ExtendWith(LearnerCode.class)
    public abstract static class Pipes {

        @Test
        public void readerAndWriter(Sandbox sandbox) {
            String called = WORDS.say("Pipes.readerAndWriter.called");
            var got = run(sandbox, called, PIPES, WORDS.say("Pipes.readerAndWriter.hangs"), "pipes");
            List<String> out = got.output();
            String text = String.join("", out.stream().filter(l -> l.startsWith("Got: ")).map(l -> l.substring(5)).toList());
            long done = out.stream().filter("Task done"::equals).count();
            List<String> open = got.only("open");
            if (!text.equals("hellopipebye") || done != 3 || !open.equals(List.of("false", "false"))) {
                throw Failure.of(WORDS.say("Pipes.readerAndWriter.headline"))
                        .called(called)
                        .expected(WORDS.say("Pipes.readerAndWriter.expected"))
                        .got(WORDS.say("Pipes.readerAndWriter.got", Failure.quote(text), done, open.get(0), open.get(1),
                                Failure.numbered(out, 14)))
                        .likely(WORDS.say("Pipes.readerAndWriter.likely"))
                        .read(PIPES)
                        .error();
            }
        }
    }
}
