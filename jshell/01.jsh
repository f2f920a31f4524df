// Step 01 (task queue) in jshell, started by ./lab jshell 1 with the step's classes on the class path.
// Each of the three things to try is a method, run once here: call it again at the prompt, or change it
// with /edit NAME. (Few, large snippets on purpose: jshell compiles each snippet on its own, which is slow.)
import lab.*;
import lab.gen.*;

System.out.print("""
    === Step 01: the task queue, in jshell =========================================
        code: %s; lab.* and lab.gen.* are imported
        generators run on %s. Three things to try: call them again by name, /list NAME shows the code.
    """.formatted(System.getProperty("lab.jshell.code", "from the class path"), Generator.implementation()));

// 1. A generator runs only while someone resumes it: nothing prints when countdown(3) is created; each next()
//    runs the body up to its next yield (one line); the next() after the last line throws StopIteration.
void stepByStep() {
    System.out.println("\n[1] stepByStep(): one next() = one line of countdown(3), then StopIteration");
    var task = Tasks.countdown(3);
    System.out.println("created, state " + task.state() + ": the body has not run yet");
    for (int i = 1; i <= 4; i++) {
        System.out.print("next() #" + i + " -> ");
        try {
            task.next();
        } catch (StopIteration done) {
            System.out.println("StopIteration: the body returned, state " + task.state());
        }
    }
}
stepByStep();

// 2. The scheduler's run() takes turns: one line from each task per round, in spawn order; a task that
//    finishes prints "Task done" and drops out, the others carry on (compare with ./lab run 1).
void takeTurns() {
    System.out.println("\n[2] takeTurns(): countdown(3) and countup(2) alternate, each ends with Task done");
    var scheduler = new Scheduler();
    scheduler.spawn(Tasks.countdown(3));
    scheduler.spawn(Tasks.countup(2));
    scheduler.run();
}
takeTurns();

// 3. Any lambda that yields is a task, and every task runs on the thread that called run(): look at the
//    thread names, all the same. Change the lambda (/edit yourOwnTask) and run it again.
void yourOwnTask() {
    System.out.println("\n[3] yourOwnTask(): your own generator beside countdown(2), all on one thread");
    var scheduler = new Scheduler();
    scheduler.spawn(Generator.of("ping", y -> {
        for (int i = 1; i <= 2; i++) {
            System.out.println("ping " + i + " on thread " + Thread.currentThread().getName());
            y.yield();
        }
    }));
    scheduler.spawn(Tasks.countdown(2));
    scheduler.run();
    System.out.println("run() returned on thread " + Thread.currentThread().getName() + "\n");
}
yourOwnTask();
