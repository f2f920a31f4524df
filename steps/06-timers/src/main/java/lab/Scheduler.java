package lab;

import static java.nio.channels.SelectionKey.OP_ACCEPT;
import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import lab.gen.Generator;
import lab.gen.GeneratorException;
import lab.gen.StopIteration;

/** A scheduler of tasks that take turns, wait for channels and sleep: a ready queue, two maps of waiting tasks, a queue of deadlines, and a selector that wakes them. */
public final class Scheduler {

    // a ready task, and what its yield returns when it is resumed: null for a new task or after a bare yield
    private record Ready(Generator<?, ?> task, Wait.Woke woke) {}

    private final Deque<Ready> tasks = new ArrayDeque<>();

    /** Adds a task at the back of the queue; a running task may call this too. */
    public void spawn(Generator<?, ?> task) {
        tasks.addLast(new Ready(task, null));
    }

    // a parked task is in exactly one of these maps, under the channel it waits for, and never in the ready queue
    private final Map<SelectableChannel, Generator<?, ?>> recvWait = new HashMap<>();
    private final Map<SelectableChannel, Generator<?, ?>> sendWait = new HashMap<>();
    private final Selector selector;

    /** Creates a scheduler with an empty queue and a selector of its own. */
    public Scheduler() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
    }

    // a task waiting for a deadline: asleep (channel null), or waiting in a wait map for a channel, with a timeout
    private record Sleeper(long deadline, long order, Generator<?, ?> task,
                           Map<SelectableChannel, Generator<?, ?>> waiting, SelectableChannel channel) {}

    // the nearest deadline first; at the same deadline, the task that went to sleep first
    private final PriorityQueue<Sleeper> sleepers =
            new PriorityQueue<>(Comparator.comparingLong(Sleeper::deadline).thenComparingLong(Sleeper::order));
    // each sleeper under its task: a task woken by its channel takes its deadline out of sleepers with it
    private final Map<Generator<?, ?>, Sleeper> deadlines = new HashMap<>();
    private long slept; // how many times a task went to sleep: the order of sleepers with the same deadline

    /** Runs the tasks until none is ready, waiting or asleep, printing {@code Task done} as each one finishes and {@code Task failed} as one throws. */
    public void run() {
        while (!tasks.isEmpty() || !recvWait.isEmpty() || !sendWait.isEmpty() || !sleepers.isEmpty()) {
            if (tasks.isEmpty()) waitForIo();               // wait for I/O or a deadline only when nothing is ready
            wakeSleepers();                                  // every task whose deadline has come joins this round
            for (int n = tasks.size(); n > 0; n--) {         // run a snapshot of the ready queue
                var ready = tasks.pollFirst();
                var task = ready.task();
                Object request;
                try {
                    request = resume(task, ready.woke());   // the only place a task is resumed
                } catch (StopIteration done) {
                    System.out.println("Task done");
                    continue;
                } catch (RuntimeException failed) {         // one client's error (a reset, say) ends its task, not the server
                    var reason = failed instanceof GeneratorException ? failed.getCause() : failed;
                    System.out.println("Task failed: " + task.name() + ": " + reason);
                    continue;
                }
                switch (request) {
                    case null -> tasks.addLast(new Ready(task, null)); // a bare yield: take turns, as in step 01
                    case Wait.Recv(var channel, var timeout) -> park(recvWait, channel, timeout, task);
                    case Wait.Send(var channel, var timeout) -> park(sendWait, channel, timeout, task);
                    case Wait.Sleep(var duration) -> sleep(task, duration, null, null);
                    default -> throw new IllegalArgumentException("unknown yield reason " + request + " from task " + task
                            + ": a task may yield nothing (take turns), Wait.recv(channel), Wait.send(channel) or Wait.sleep(duration)");
                }
            }
        }
    }

    /** Resumes a task with what its yield returns. */
    @SuppressWarnings("unchecked")
    private static Object resume(Generator<?, ?> task, Wait.Woke woke) {
        return ((Generator<?, Object>) task).send(woke);
    }

    /** Parks a task in a wait map until its channel is ready, and tells the selector to watch for that; with a timeout, puts it to sleep too. */
    private void park(Map<SelectableChannel, Generator<?, ?>> waiting, SelectableChannel channel, Duration timeout, Generator<?, ?> task) {
        if (channel.isBlocking()) {
            throw new IllegalArgumentException("task " + task + " waits for " + channel
                    + ", which is in blocking mode: call configureBlocking(false) on it before a task waits for it");
        }
        int ops = interest(waiting, channel);
        if (ops == 0) {
            throw new IllegalArgumentException("task " + task + " waits to " + direction(waiting) + " on " + channel + ", which cannot do that");
        }
        var other = waiting.putIfAbsent(channel, task);
        if (other != null) {
            throw new IllegalStateException("task " + task + " waits to " + direction(waiting) + " on " + channel
                    + ", but task " + other + " already waits for that: only one task at a time may wait for the same thing on a channel");
        }
        var key = channel.keyFor(selector);
        try {
            if (key == null) {
                channel.register(selector, ops);
            } else {
                key.interestOps(key.interestOps() | ops); // keep the key and toggle its bits: a cancelled key cannot be registered again before the next select
            }
        } catch (ClosedChannelException e) {
            throw new IllegalStateException("task " + task + " waits for " + channel + ", which is closed", e);
        }
        if (timeout != null) sleep(task, timeout, waiting, channel); // whichever comes first wakes it: the channel or the deadline
    }

    /** Wakes the task that waits in a wait map for the channel of this key: unwatch the channel, take out its deadline, enqueue it. */
    private void unpark(Map<SelectableChannel, Generator<?, ?>> waiting, SelectionKey key) {
        // TODO unpark(waiting, key): as in step 05 (unwatch(waiting, key.channel()) does the first half), then take the task's Sleeper out of deadlines and, if it had one, out of sleepers; enqueue the task with Woke.READY
        //      Book: "Woken once: the other wait taken back" (book/target/lab.html#step06-cancel)
        throw new UnsupportedOperationException("TODO unpark(waiting, key): not written yet; see the book, \"Woken once: the other wait taken back\" (book/target/lab.html#step06-cancel)");
    }

    /** Stops waiting for a channel: takes the task out of the wait map and clears the interest bit the map stands for; returns the task. */
    private Generator<?, ?> unwatch(Map<SelectableChannel, Generator<?, ?>> waiting, SelectableChannel channel) {
        var task = waiting.remove(channel);
        var key = channel.keyFor(selector);
        if (key != null && key.isValid()) key.interestOps(key.interestOps() & ~interest(waiting, channel));
        return task;
    }

    /** Puts a task to sleep until the duration has passed; {@code waiting} and {@code channel} say what else it waits for, or are null. */
    private void sleep(Generator<?, ?> task, Duration duration, Map<SelectableChannel, Generator<?, ?>> waiting, SelectableChannel channel) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("task " + task + " waits for " + duration + ", a negative time: wait for zero or more");
        }
        // TODO sleep(task, duration, waiting, channel): a Sleeper with deadline System.nanoTime() + duration.toNanos() and the next order (slept++), added to sleepers and put in deadlines under the task
        //      Book: "Sleeping until a deadline" (book/target/lab.html#step06-sleepers)
        throw new UnsupportedOperationException("TODO sleep(task, duration, waiting, channel): not written yet; see the book, \"Sleeping until a deadline\" (book/target/lab.html#step06-sleepers)");
    }

    /** Moves every task whose deadline has come to the ready queue: a sleeper with {@code READY}, one that waited for a channel with {@code TIMED_OUT}. */
    private void wakeSleepers() {
        // TODO wakeSleepers(): while the nearest Sleeper's deadline is not after now: poll it, remove it from deadlines, unwatch its channel if it has one, and enqueue its task with Woke.TIMED_OUT (with a channel) or Woke.READY (asleep)
        //      Book: "Sleeping until a deadline" (book/target/lab.html#step06-sleepers)
        throw new UnsupportedOperationException("TODO wakeSleepers(): not written yet; see the book, \"Sleeping until a deadline\" (book/target/lab.html#step06-sleepers)");
    }

    /** Blocks until a channel that a task waits for is ready or the nearest deadline comes, then wakes the tasks waiting for every ready channel. */
    private void waitForIo() {
        try {
            select();
        } catch (IOException e) {
            throw new UncheckedIOException("select failed", e);
        }
        for (var key : selector.selectedKeys()) {
            int ready = key.readyOps();
            if ((ready & (OP_READ | OP_ACCEPT)) != 0) unpark(recvWait, key);
            if ((ready & OP_WRITE) != 0) unpark(sendWait, key);
        }
        selector.selectedKeys().clear(); // the selector only adds keys to this set; a key left in it would be reported again
    }

    /** Blocks until a channel is ready, but no longer than until the nearest deadline, and not at all once it has come. */
    private void select() throws IOException {
        // TODO select(): with no sleeper, selector.select() as before; else the milliseconds to the nearest deadline, rounded up: select(them) if more than 0, selectNow() if that deadline has come (select(0) would block for ever)
        //      Book: "Select no longer than the nearest deadline" (book/target/lab.html#step06-select-timeout)
        throw new UnsupportedOperationException("TODO select(): not written yet; see the book, \"Select no longer than the nearest deadline\" (book/target/lab.html#step06-select-timeout)");
    }

    /** The interest bits for a task in this wait map: recv means accept on a server channel and read on others; 0 if the channel cannot. */
    private int interest(Map<SelectableChannel, Generator<?, ?>> waiting, SelectableChannel channel) {
        return channel.validOps() & (waiting == recvWait ? OP_READ | OP_ACCEPT : OP_WRITE);
    }

    /** The name of a wait map in messages. */
    private String direction(Map<SelectableChannel, Generator<?, ?>> waiting) {
        return waiting == recvWait ? "recv" : "send";
    }
}
