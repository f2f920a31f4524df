package lab;

import java.io.IOException;
import java.nio.channels.Pipe;

/** Step 02's demo: a reader waits on a pipe, without being resumed, while other tasks run. */
public final class Main {

    private Main() {}

    /** Runs a reader and a writer on the two ends of a pipe, and countdown(5) beside them. */
    public static void main(String[] args) throws IOException {
        var pipe = Pipe.open();
        pipe.source().configureBlocking(false); // a task may only wait for a non-blocking channel
        pipe.sink().configureBlocking(false);
        var scheduler = new Scheduler();
        scheduler.spawn(Tasks.reader(pipe.source()));
        scheduler.spawn(Tasks.countdown(5));
        scheduler.spawn(Tasks.writer(pipe.sink(), "hello", "pipe", "bye"));
        scheduler.run();
    }
}
