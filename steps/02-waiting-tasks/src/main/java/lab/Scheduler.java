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

    /** Runs the tasks until none is ready or waiting, printing {@code Task done} as each one finishes. */
    public void run() {
        // TODO run(): while tasks are ready or waiting: if none is ready, waitForIo(); then resume each task that was ready at the start of this round once, and park it, put it back or drop it according to what it yielded
        //      Book: "The run loop, with waiting" (book/target/lab.html#step02-run)
        throw new UnsupportedOperationException("TODO run(): not written yet; see the book, \"The run loop, with waiting\" (book/target/lab.html#step02-run)");
    }

    /** Parks a task in a wait map until its channel is ready, and tells the selector to watch for that. */
    private void park(Map<SelectableChannel, Generator<?, ?>> waiting, SelectableChannel channel, Generator<?, ?> task) {
        // TODO park(waiting, channel, task): put the task in the map under its channel (an error if another task already waits there), then add interest(waiting, channel) to the channel's key, registering the channel with the selector the first time
        //      Book: "Parking and unparking a task" (book/target/lab.html#step02-park)
        throw new UnsupportedOperationException("TODO park(waiting, channel, task): not written yet; see the book, \"Parking and unparking a task\" (book/target/lab.html#step02-park)");
    }

    /** Wakes the task that waits in a wait map for the channel of this key: remove it from the map, stop watching, enqueue it. */
    private void unpark(Map<SelectableChannel, Generator<?, ?>> waiting, SelectionKey key) {
        // TODO unpark(waiting, key): remove the task from the map, clear interest(waiting, channel) in the key, and add the task at the back of the ready queue
        //      Book: "Parking and unparking a task" (book/target/lab.html#step02-park)
        throw new UnsupportedOperationException("TODO unpark(waiting, key): not written yet; see the book, \"Parking and unparking a task\" (book/target/lab.html#step02-park)");
    }

    /** Blocks until a channel that a task waits for is ready, then wakes the tasks waiting for every ready channel. */
    private void waitForIo() {
        // TODO waitForIo(): selector.select(), then for each selected key unpark the task in recvWait if it is readable or acceptable, and the one in sendWait if it is writable; clear the selected keys
        //      Book: "Waiting for I/O with a selector" (book/target/lab.html#step02-select)
        throw new UnsupportedOperationException("TODO waitForIo(): not written yet; see the book, \"Waiting for I/O with a selector\" (book/target/lab.html#step02-select)");
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
