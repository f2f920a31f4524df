// Step 02 (waiting tasks) in jshell, started by ./lab jshell 2 with the step's classes on the class path.
// Each of the three things to try is a method, run once here: call it again at the prompt, or change it
// with /edit NAME. (Few, large snippets on purpose: jshell compiles each snippet on its own, which is slow.)
import lab.*;
import lab.gen.*;
import java.nio.*;
import java.nio.channels.*;

System.out.print("""
    === Step 02: waiting tasks, in jshell ==========================================
        code: %s; lab.*, lab.gen.*, java.nio.* and java.nio.channels.* are imported
        generators run on %s. Three things to try: call them again by name, /list NAME shows the code.
    """.formatted(System.getProperty("lab.jshell.code", "from the class path"), Generator.implementation()));

/** A pipe whose two ends are non-blocking, as a task may only wait for a non-blocking channel. */
Pipe nonBlockingPipe() throws IOException {
    var pipe = Pipe.open();
    pipe.source().configureBlocking(false);
    pipe.sink().configureBlocking(false);
    return pipe;
}

// 1. What a task yields is a request, not a result: resumed by hand, reader() hands back Recv[...] (wait until
//    the pipe can be read) and prints nothing; only after something was written does the next resume read it.
void whatATaskYields() throws IOException {
    System.out.println("\n[1] whatATaskYields(): reader() yields Wait.recv(pipe), and reads only when resumed after a write");
    var pipe = nonBlockingPipe();
    var reader = Tasks.reader(pipe.source());
    System.out.println("reader yields " + reader.next());
    pipe.sink().write(ByteBuffer.wrap("hi".getBytes()));
    System.out.println("wrote \"hi\" into the pipe");
    System.out.println("reader yields " + reader.next());
    pipe.sink().close();
    try {
        reader.next();
    } catch (StopIteration done) {
        System.out.println("pipe closed: the reader ended, state " + reader.state());
    }
}
whatATaskYields();

// 2. A parked task is not resumed until its channel is ready, and the scheduler asks the selector only when
//    no task is ready: so countdown(4) runs to the end while reader and writer wait, then the pipe tasks
//    take over; "Got:" comes only after the writer wrote; run() returns once nothing is ready or waiting
//    (compare with ./lab run 2).
void parkedWhileOthersRun() throws IOException {
    System.out.println("\n[2] parkedWhileOthersRun(): reader and writer wait on a pipe while countdown(4) runs");
    var pipe = nonBlockingPipe();
    var scheduler = new Scheduler();
    scheduler.spawn(Tasks.reader(pipe.source()));
    scheduler.spawn(Tasks.countdown(4));
    scheduler.spawn(Tasks.writer(pipe.sink(), "hello", "bye"));
    scheduler.run();
    System.out.println("run() returned: nothing ready, nothing waiting");
}
parkedWhileOthersRun();

// 3. The scheduler understands exactly three requests: nothing (take turns), Wait.recv and Wait.send.
//    Anything else is a mistake in a task, and run() says which value and which task.
void anUnknownRequest() {
    System.out.println("\n[3] anUnknownRequest(): a task yields \"sleep 1s\", which the scheduler refuses");
    var scheduler = new Scheduler();
    scheduler.spawn(Generator.of("sleeper", y -> y.yield("sleep 1s")));
    try {
        scheduler.run();
        System.out.println("run() returned without complaint: the task's request was silently ignored?");
    } catch (RuntimeException refused) {
        System.out.println("run() threw: " + refused.getMessage() + "\n");
    }
}
anUnknownRequest();
