package lab.verify.step02;

import java.time.Duration;
import java.util.List;
import lab.verify.BookSection;
import lab.verify.Failure;
import lab.verify.LearnerCode;
import lab.verify.Outcome;
import lab.verify.Sandbox;
import lab.verify.Traces;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Step 02's checks, as abstract test classes: step 02's verifier runs them as nested classes, and every later
 * step runs them again.
 */
public final class Step02Checks {

    private Step02Checks() {}

    public static final BookSection PIPES = new BookSection("step02-pipes");
    public static final BookSection PARK = new BookSection("step02-park");
    public static final BookSection SELECT = new BookSection("step02-select");
    public static final BookSection RUN = new BookSection("step02-run");

    /** The scenarios wait 150–450 ms for data on purpose; this is how long a hang gets. */
    public static final Duration DEADLINE = Duration.ofSeconds(4);

    static final String HANGS = "a task waits for a channel that never becomes ready in your scheduler: does park() register "
            + "the channel with the selector for the right operation, and does waitForIo() call select() and wake the task "
            + "of every selected key?";

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
    @DisplayName("waiting for a channel")
    @Tag("hint-1")
    @ExtendWith(LearnerCode.class)
    public abstract static class Waiting {

        @Test
        @DisplayName("a task waiting to receive on a pipe is not resumed before data arrives, and is resumed once it does")
        public void recvWaitsForData(Sandbox sandbox) {
            String called = "spawn(A: yield Wait.recv(pipe.source()), then read); spawn(B: takes turns, writes \"hello\" on its third turn); run()";
            var got = run(sandbox, called, SELECT, HANGS, "recv-waits");
            List<String> out = got.output();
            int resumed = indexOf(out, "A resumed");
            int wrote = out.indexOf("B writes hello");
            if (resumed >= 0 && resumed < wrote || resumed >= 0 && !out.get(resumed).equals("A resumed: read 5 bytes: hello")) {
                throw Failure.of("A task waiting to receive was resumed before its channel had data.")
                        .called(called)
                        .expected("A resumed only after B wrote, reading the 5 bytes \"hello\"")
                        .got(Failure.numbered(out, 12))
                        .likely("a task that yields Wait.recv(channel) must go into recvWait and leave the ready queue; only "
                                + "waitForIo() puts it back, when select() reports its channel readable")
                        .read(PARK)
                        .error();
            }
            if (resumed < 0) {
                throw Failure.of("A task waiting to receive was never resumed, though data arrived.")
                        .called(called)
                        .expected("\"A resumed: read 5 bytes: hello\" after \"B writes hello\"")
                        .got(Failure.numbered(out, 12))
                        .likely("run() returned while a task still waited in recvWait: keep looping while recvWait or sendWait "
                                + "is not empty, and call waitForIo() when no task is ready")
                        .read(RUN)
                        .error();
            }
        }

        @Test
        @DisplayName("a task waiting to send on a full pipe is not resumed before the pipe has room, and is resumed once it does")
        public void sendWaitsForRoom(Sandbox sandbox) {
            String called = "spawn(S: fill the pipe until write() returns 0, yield Wait.send(pipe.sink()), write again); run(); "
                    + "another thread drains the pipe after 300 ms";
            var got = run(sandbox, called, SELECT, HANGS, "send-waits");
            String resumed = got.output().stream().filter(l -> l.startsWith("S resumed")).findFirst().orElse(null);
            if (!"S resumed: wrote 4 bytes".equals(resumed)) {
                throw Failure.of(resumed == null ? "A task waiting to send was never resumed." : "A task waiting to send was resumed before its channel had room.")
                        .called(called)
                        .expected("\"S resumed: wrote 4 bytes\", once the pipe had room")
                        .got(Failure.numbered(got.output(), 8))
                        .likely(resumed == null
                                ? "run() returned while a task still waited in sendWait, or waitForIo() does not wake tasks in sendWait when their key is writable"
                                : "a task that yields Wait.send(channel) must be parked in sendWait with OP_WRITE, and woken only when select() reports the key writable")
                        .read(PARK)
                        .error();
            }
        }

        @Test
        @DisplayName("a task waiting to receive on a server channel is resumed when a client connects")
        public void recvOnServerChannelWaitsForAccept(Sandbox sandbox) {
            String called = "spawn(T: yield Wait.recv(serverChannel), then accept()); run(); another thread connects after 200 ms";
            var got = run(sandbox, called, PARK, HANGS, "accept-waits");
            Traces.requireEqual("A task waiting for a connection was not woken by it.", called,
                    List.of("T waits for a connection", "T resumed: accepted a connection", "Task done"), got.output(),
                    "a server channel can only accept: register it for channel.validOps() & (OP_READ | OP_ACCEPT), "
                            + "and wake the recv waiter when the key is acceptable as well as readable",
                    PARK);
        }

        @Test
        @DisplayName("tasks wake in the order their channels become ready")
        public void wakeInReadinessOrder(Sandbox sandbox) {
            String called = "spawn(reader 1, 2, 3, each waiting on its own pipe); run(); another thread writes to pipe 3, "
                    + "then 1, then 2, 150 ms apart";
            var got = run(sandbox, called, SELECT, HANGS, "ready-order");
            Traces.requireEqual("The waiting tasks did not wake in the order their pipes became ready.", called,
                    List.of("reader 3 got 5 bytes: three", "Task done", "reader 1 got 3 bytes: one", "Task done",
                            "reader 2 got 3 bytes: two", "Task done"),
                    got.output(),
                    "wake only the tasks whose keys select() reported (a reader that got 0 bytes was woken too early), "
                            + "and run them in the order they were woken",
                    SELECT);
        }
    }

    /** How much CPU a JVM may use while every task waits, as a share of the time measured: a sleeping one uses next to none. */
    static final double IDLE_SHARE = 0.3;

    /** The selector's bookkeeping: interest bits set and cleared per direction, one waiter per direction, no spinning. */
    @DisplayName("the selector's bookkeeping")
    @Tag("hint-1")
    @ExtendWith(LearnerCode.class)
    public abstract static class Bookkeeping {

        @Test
        @DisplayName("wakes a reader and a writer waiting on the same socket, each when its direction is ready")
        public void readerAndWriterOnOneSocket(Sandbox sandbox) {
            String called = "spawn(R: yield Wait.recv(socket), read); spawn(W: yield Wait.send(socket), write); run(); "
                    + "data for R comes 100 ms after W wrote (or after 3 s)";
            var got = run(sandbox, called, PARK, "R never woke: registering W's OP_WRITE replaced R's OP_READ (interestOps(ops) "
                    + "instead of interestOps(key.interestOps() | ops)), or waking W cleared R's bit too", "both-ways");
            Traces.requireEqual("A reader and a writer on one socket were not both woken, each in its turn.", called,
                    List.of("W wrote ping", "Task done", "R read: hello", "Task done"), got.output(),
                    "keep one key per channel and add each waiter's bit to its interest (key.interestOps(key.interestOps() | op)); "
                            + "on waking, remove only the bit of the direction that woke",
                    PARK);
        }

        @Test
        @DisplayName("refuses a second task waiting to receive on a channel that already has one, with an error naming it")
        public void secondWaiterIsAnError(Sandbox sandbox) {
            String called = "spawn(first: yield Wait.recv(pipe)); spawn(second: yield Wait.recv(pipe)); run()";
            var got = run(sandbox, called, PARK, "the first task was replaced and waits forever", "second-waiter");
            if (got.facts("threw").isEmpty()) {
                throw Failure.of("A second task waiting for the same channel and direction was taken silently.")
                        .called(called)
                        .expected("run() throws (an IllegalStateException, say) naming the second task: one task waits for one thing")
                        .got("run() went on; output:\n" + Failure.numbered(got.output(), 8))
                        .likely("park() put the second task over the first in the map (recvWait.put), so the first never wakes; "
                                + "use putIfAbsent and throw if a task is already there")
                        .read(PARK)
                        .error();
            }
        }

        @Test
        @DisplayName("sleeps in select() while every task waits: the JVM uses next to no CPU")
        public void sleepsWhileWaiting(Sandbox sandbox) {
            String called = "spawn(T: yield Wait.send(socket), write, then yield Wait.recv(socket)); run(); data comes after 1.2 s";
            lab.verify.Run.CpuWindow cpu;
            try (var run = sandbox.start(Step02Probe.class, DEADLINE, "idle")) {
                if (run.awaitFact("waiting", java.time.Duration.ofSeconds(3)).isEmpty()) {
                    run.finish().requireNormal(called, SELECT, HANGS);
                    throw Failure.of("The task never got to wait to receive.").called(called).read(SELECT).error();
                }
                sleep(300); // past the JVM's own start-up work
                cpu = run.cpuOver(java.time.Duration.ofMillis(700));
                run.finish().requireNormal(called, SELECT, HANGS);
            }
            if (cpu.busy(IDLE_SHARE)) {
                throw Failure.of("Your scheduler kept a core busy while every task waited.")
                        .called(called)
                        .expected("the JVM asleep in select() for the 700 ms measured: a few ms of CPU")
                        .got(cpu.usedMillis() + " ms of CPU in those 700 ms (a thread that never sleeps got " + cpu.availableMillis() + " ms meanwhile)")
                        .likely("run() loops without blocking: call selector.select() (not selectNow()) when no task is ready, "
                                + "clear the selected keys after waking their tasks, and remove a woken task's interest bit, "
                                + "or select() keeps returning at once")
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
    @DisplayName("what a task may yield")
    @Tag("hint-2")
    @ExtendWith(LearnerCode.class)
    public abstract static class Reasons {

        @Test
        @DisplayName("an unknown reason fails run() with the reason in the message")
        public void unknownReasonFails(Sandbox sandbox) {
            String called = "spawn(countdown(2)); spawn(a task that yields new Nap(5)); run()";
            var got = run(sandbox, called, RUN, "run() loops when a task yields something it does not know", "unknown");
            List<List<String>> threw = got.facts("threw");
            if (threw.isEmpty()) {
                throw Failure.of("run() accepted a yield reason it does not know, and said nothing.")
                        .called(called)
                        .expected("run() throws an exception whose message names the reason, Nap[seconds=5]")
                        .got("run() returned normally; output:\n" + Failure.numbered(got.output(), 8))
                        .likely("the switch on what a task yielded needs a default case that throws, e.g. "
                                + "new IllegalArgumentException(\"unknown yield reason \" + request + \" from task \" + task)")
                        .read(RUN)
                        .error();
            }
            String message = threw.getFirst().get(1);
            if (!message.contains("Nap[seconds=5]")) {
                throw Failure.of("run() failed on an unknown yield reason, but the message does not say which.")
                        .called(called)
                        .expected("an exception whose message contains Nap[seconds=5]")
                        .got(threw.getFirst().getFirst() + ": " + message)
                        .likely("put the value the task yielded into the message (and the task, so the learner knows who yielded it)")
                        .read(RUN)
                        .error();
            }
        }
    }

    /** The reader and writer tasks, and a run that ends when everything has finished. */
    @DisplayName("the reader and writer tasks")
    @Tag("hint-3")
    @ExtendWith(LearnerCode.class)
    public abstract static class Pipes {

        @Test
        @DisplayName("reader and writer pass hello, pipe, bye through a pipe; run() returns when both have finished")
        public void readerAndWriter(Sandbox sandbox) {
            String called = "spawn(reader(source)); spawn(countdown(2)); spawn(writer(sink, \"hello\", \"pipe\", \"bye\")); run()";
            var got = run(sandbox, called, PIPES,
                    "run() keeps going after every task has finished, or the reader never sees the end of the stream "
                            + "(does the writer close the sink, and does the reader stop when read returns -1?)", "pipes");
            List<String> out = got.output();
            String text = String.join("", out.stream().filter(l -> l.startsWith("Got: ")).map(l -> l.substring(5)).toList());
            long done = out.stream().filter("Task done"::equals).count();
            List<String> open = got.only("open");
            if (!text.equals("hellopipebye") || done != 3 || !open.equals(List.of("false", "false"))) {
                throw Failure.of("The reader and the writer did not pass the messages through the pipe and finish.")
                        .called(called)
                        .expected("\"Got: ...\" lines that together read hellopipebye, 3 \"Task done\" lines, both pipe ends closed")
                        .got("\"Got:\" text " + Failure.quote(text) + ", " + done + " \"Task done\" lines, source open " + open.get(0)
                                + ", sink open " + open.get(1) + "; output:\n" + Failure.numbered(out, 14))
                        .likely("the writer yields Wait.send(sink) before each write and closes the sink at the end; the reader "
                                + "yields Wait.recv(source) before each read, prints \"Got: \" + the text, and stops and closes at -1")
                        .read(PIPES)
                        .error();
            }
        }
    }
}
