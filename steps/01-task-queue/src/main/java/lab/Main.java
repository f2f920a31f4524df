package lab;

/** Step 01's demo: three tasks share one thread, taking turns. */
public final class Main {

    private Main() {}

    /** Runs countdown(10), countdown(5) and countup(20) together. */
    public static void main(String[] args) {
        var scheduler = new Scheduler();
        scheduler.spawn(Tasks.countdown(10));
        scheduler.spawn(Tasks.countdown(5));
        scheduler.spawn(Tasks.countup(20));
        scheduler.run();
    }
}
