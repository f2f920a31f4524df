package lab;

import java.util.ArrayDeque;
import java.util.Deque;
import lab.gen.Generator;
import lab.gen.StopIteration;

/** A round-robin scheduler: a queue of tasks, each resumed once per turn until it finishes. */
public final class Scheduler {

    private final Deque<Generator<?, ?>> tasks = new ArrayDeque<>();

    /** Adds a task at the back of the queue; a running task may call this too. */
    public void spawn(Generator<?, ?> task) {
        // TODO spawn(task): add the task at the back of the queue
        //      Book: "The run loop" (book/target/lab.html#step01-run)
        throw new UnsupportedOperationException("TODO spawn(task): not written yet; see the book, \"The run loop\" (book/target/lab.html#step01-run)");
    }

    /** Runs the tasks in turn until the queue is empty, printing {@code Task done} as each one finishes. */
    public void run() {
        // TODO run(): take the task at the front, resume it with send(null), put it back at the end; when send throws StopIteration print "Task done" instead
        //      Book: "The run loop" (book/target/lab.html#step01-run)
        throw new UnsupportedOperationException("TODO run(): not written yet; see the book, \"The run loop\" (book/target/lab.html#step01-run)");
    }
}
