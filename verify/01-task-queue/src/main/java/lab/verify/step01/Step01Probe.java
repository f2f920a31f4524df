package lab.verify.step01;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import lab.Main;
import lab.Scheduler;
import lab.Tasks;
import lab.gen.Generator;
import lab.gen.StopIteration;
import lab.probe.Probe;

/** Runs step 01's scenarios against the learner's classes, in the child JVM. */
public final class Step01Probe {

    private Step01Probe() {}

    /** Entry point: the first argument names the scenario. */
    public static void main(String[] args) {
        Probe.main(args, Step01Probe::scenario);
    }

    private static void scenario(String[] args) {
        Probe.fact("implementation", Generator.implementation());
        switch (args[0]) {
            case "countdown" -> drive(Tasks.countdown(Integer.parseInt(args[1])));
            case "countup" -> drive(Tasks.countup(Integer.parseInt(args[1])));
            case "lazy" -> {
                Tasks.countdown(3);
                Tasks.countup(3);
                Probe.fact("created");
            }
            case "two" -> {
                var s = new Scheduler();
                s.spawn(Tasks.countdown(2));
                s.spawn(Tasks.countup(2));
                s.run();
                Probe.fact("returned");
            }
            case "main" -> {
                Main.main(new String[0]);
                Probe.fact("returned");
            }
            case "finish" -> {
                var s = new Scheduler();
                List<Generator<Void, Void>> tasks = List.of(Tasks.countdown(3), Tasks.countup(1), Tasks.countdown(2));
                tasks.forEach(s::spawn);
                s.run();
                Probe.fact("done", tasks.stream().map(t -> String.valueOf(t.isDone())).toArray());
            }
            case "empty" -> {
                new Scheduler().run();
                Probe.fact("returned");
            }
            case "spawn" -> {
                var s = new Scheduler();
                s.spawn(Generator.<Void, Void>of(y -> {
                    System.out.println("parent spawns countdown(2)"); // data
                    s.spawn(Tasks.countdown(2));
                    y.yield();
                    System.out.println("parent resumed");
                }));
                s.run();
                Probe.fact("returned");
            }
            case "thread" -> {
                var s = new Scheduler();
                Set<String> seen = new TreeSet<>();
                String caller = threadName();
                for (int i = 0; i < 2; i++) {
                    s.spawn(Generator.<Void, Void>of(y -> {
                        for (int k = 0; k < 3; k++) {
                            seen.add(threadName());
                            y.yield();
                        }
                    }));
                }
                s.spawn(Tasks.countdown(3));
                s.run();
                Probe.fact("caller", caller);
                Probe.fact("threads", new ArrayList<>(seen).toArray());
            }
            default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        }
    }

    /** The current thread as a message shows it: its name and id (an id, unlike a name, no thread can take on). */
    static String threadName() {
        return Thread.currentThread().getName() + " #" + Thread.currentThread().threadId();
    }

    /** Resumes a task until it finishes, reporting each resume so the verifier sees what each one printed. */
    private static void drive(Generator<Void, Void> task) {
        for (int i = 0; i < 1000; i++) {
            Probe.fact("resume");
            try {
                task.send(null);
            } catch (StopIteration e) {
                Probe.fact("finished");
                return;
            }
        }
        Probe.fact("endless");
    }
}
