package lab;

import java.util.ArrayDeque;
import java.util.Deque;
import lab.gen.Generator;
import lab.gen.StopIteration;

/** A round-robin scheduler: a queue of tasks, each resumed once per turn until it finishes. */
public final class Scheduler {

    // tag::tasks[]
    private final Deque<Generator<?, ?>> tasks = new ArrayDeque<>();

    /** Adds a task at the back of the queue; a running task may call this too. */
    public void spawn(Generator<?, ?> task) {
        // BEGIN SOLUTION spawn(task) [step01-run]: add the task at the back of the queue
        tasks.addLast(task);
        // END SOLUTION
    }
    // end::tasks[]

    // tag::run[]
    /** Runs the tasks in turn until the queue is empty, printing {@code Task done} as each one finishes. */
    public void run() {
        // BEGIN SOLUTION run() [step01-run]: take the task at the front, resume it with send(null), put it back at the end; when send throws StopIteration print "Task done" instead
        while (!tasks.isEmpty()) {
            var task = tasks.pollFirst();
            try {
                task.send(null); // the only place a task is resumed
                tasks.addLast(task);
            } catch (StopIteration done) {
                System.out.println("Task done");
            }
        }
        // END SOLUTION
    }
    // end::run[]
}
