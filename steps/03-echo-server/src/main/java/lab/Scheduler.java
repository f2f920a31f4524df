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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import lab.gen.Generator;
import lab.gen.GeneratorException;
import lab.gen.StopIteration;

/** A scheduler of tasks that take turns and wait for channels: a ready queue, two maps of waiting tasks, and a selector that wakes them. */
public final class Scheduler {

    private final Deque<Generator<?, ?>> tasks = new ArrayDeque<>();

    /** Adds a task at the back of the queue; a running task may call this too. */
    public void spawn(Generator<?, ?> task) {
        tasks.addLast(task);
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

    /** Runs the tasks until none is ready or waiting, printing {@code Task done} as each one finishes and {@code Task failed} as one throws. */
    public void run() {
        // TODO run(): the run loop of step 02, except that a task whose send throws anything but StopIteration (a client reset, say) is dropped with "Task failed: " + its name + ": " + the exception, and the other tasks go on
        //      Book: "When a client goes away" (book/target/lab.html#step03-failures)
        throw new UnsupportedOperationException("TODO run(): not written yet; see the book, \"When a client goes away\" (book/target/lab.html#step03-failures)");
    }

    /** Parks a task in a wait map until its channel is ready, and tells the selector to watch for that. */
    private void park(Map<SelectableChannel, Generator<?, ?>> waiting, SelectableChannel channel, Generator<?, ?> task) {
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
    }

    /** Wakes the task that waits in a wait map for the channel of this key: remove it from the map, stop watching, enqueue it. */
    private void unpark(Map<SelectableChannel, Generator<?, ?>> waiting, SelectionKey key) {
        var task = waiting.remove(key.channel());
        key.interestOps(key.interestOps() & ~interest(waiting, key.channel()));
        tasks.addLast(task);
    }

    /** Blocks until a channel that a task waits for is ready, then wakes the tasks waiting for every ready channel. */
    private void waitForIo() {
        try {
            selector.select();
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

    /** The interest bits for a task in this wait map: recv means accept on a server channel and read on others; 0 if the channel cannot. */
    private int interest(Map<SelectableChannel, Generator<?, ?>> waiting, SelectableChannel channel) {
        return channel.validOps() & (waiting == recvWait ? OP_READ | OP_ACCEPT : OP_WRITE);
    }

    /** The name of a wait map in messages. */
    private String direction(Map<SelectableChannel, Generator<?, ?>> waiting) {
        return waiting == recvWait ? "recv" : "send";
    }
}
