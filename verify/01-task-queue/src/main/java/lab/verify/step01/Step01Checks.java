package lab.verify.step01;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import lab.verify.BookSection;
import lab.verify.Failure;
import lab.verify.LearnerCode;
import lab.verify.Outcome;
import lab.verify.Sandbox;
import lab.verify.Traces;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Step 01's checks, as abstract test classes: step 01's verifier runs them as nested classes, and every later
 * step runs them again (a later step must not break an earlier lesson).
 */
public final class Step01Checks {

    private Step01Checks() {}

    public static final BookSection GENERATORS = new BookSection("step01-generators");
    public static final BookSection RUN = new BookSection("step01-run");

    /** Each scenario takes milliseconds; this is how long an endless loop gets before it fails the check. */
    public static final Duration DEADLINE = Duration.ofMillis(2500);

    public static final String LOOPS = "an endless loop: does run() take each task off the queue, "
            + "and does the loop stop when the queue is empty?";

    public static Outcome run(Sandbox sandbox, String called, BookSection section, String hint, String... args) {
        try (var run = sandbox.start(Step01Probe.class, DEADLINE, args)) {
            return run.finish().requireNormal(called, section, hint);
        }
    }

    public static List<String> countdownLines(int n) {
        return IntStream.iterate(n, i -> i > 0, i -> i - 1).mapToObj(i -> "T-minus " + i).toList();
    }

    public static List<String> countupLines(int n) {
        return IntStream.range(0, n).mapToObj(x -> "Up we go " + x).toList();
    }

    /** What a round-robin scheduler prints for tasks that print one line per resume. */
    public static List<String> roundRobin(List<List<String>> tasks) {
        List<String> out = new ArrayList<>();
        var queue = new ArrayList<Integer>(IntStream.range(0, tasks.size()).boxed().toList());
        int[] next = new int[tasks.size()];
        while (!queue.isEmpty()) {
            int t = queue.removeFirst();
            if (next[t] < tasks.get(t).size()) {
                out.add(tasks.get(t).get(next[t]++));
                queue.addLast(t);
            } else {
                out.add("Task done");
            }
        }
        return out;
    }

    /** countdown and countup: one line per resume, lazily. */
    @DisplayName("countdown and countup")
    @Tag("hint-1")
    @ExtendWith(LearnerCode.class)
    public abstract static class Generators {

        static List<String> resumes(List<String> lines) {
            List<String> out = new ArrayList<>();
            for (String l : lines) {
                out.add("<resume>");
                out.add(l);
            }
            out.add("<resume>");
            out.add("<finished>");
            return out;
        }

        @Test
        @DisplayName("countdown(3) prints T-minus 3, 2, 1: one line per resume, then finishes")
        public void countdownPrintsOneLinePerResume(Sandbox sandbox) {
            var got = run(sandbox, "countdown(3), then send(null) until it finishes", GENERATORS,
                    "a loop in countdown that never yields or never ends", "countdown", "3");
            Traces.requireEqual("countdown(3) did not print one line per resume.", "countdown(3).send(null), again and again",
                    resumes(countdownLines(3)), got.trace("resume", "finished"),
                    "print \"T-minus \" + i, then y.yield(), for i from n down to 1 (and nothing after the last yield)",
                    GENERATORS);
        }

        @Test
        @DisplayName("countup(3) prints Up we go 0, 1, 2: one line per resume, then finishes")
        public void countupPrintsOneLinePerResume(Sandbox sandbox) {
            var got = run(sandbox, "countup(3), then send(null) until it finishes", GENERATORS,
                    "a loop in countup that never yields or never ends", "countup", "3");
            Traces.requireEqual("countup(3) did not print one line per resume.", "countup(3).send(null), again and again",
                    resumes(countupLines(3)), got.trace("resume", "finished"),
                    "print \"Up we go \" + x, then y.yield(), for x from 0 up to n - 1",
                    GENERATORS);
        }

        @Test
        @DisplayName("creating a task runs none of its body until it is resumed")
        public void creatingRunsNothing(Sandbox sandbox) {
            var got = run(sandbox, "countdown(3); countup(3)", GENERATORS,
                    "countdown or countup runs its loop right away instead of inside Generator.of(y -> ...)", "lazy");
            if (!got.output().isEmpty()) {
                throw Failure.of("Creating a task already printed something.")
                        .called("countdown(3); countup(3)   (and never resumed them)")
                        .expected("(nothing)")
                        .got(Failure.numbered(got.output(), 5))
                        .likely("the printing loop runs before Generator.of(...) is returned; put it inside the body y -> { ... }")
                        .read(GENERATORS)
                        .error();
            }
        }
    }

    /** The run loop: round-robin, every task finishes, one thread (not Main, which changes from step to step). */
    @DisplayName("the run loop")
    @Tag("hint-2")
    @ExtendWith(LearnerCode.class)
    public abstract static class RunLoop {

        @Test
        @DisplayName("takes turns: countdown(2) and countup(2) interleave line by line")
        public void takesTurns(Sandbox sandbox) {
            String called = "spawn(countdown(2)); spawn(countup(2)); run()";
            var got = run(sandbox, called, RUN, LOOPS, "two");
            Traces.requireEqual("run() did not take turns.", called,
                    roundRobin(List.of(countdownLines(2), countupLines(2))), got.output(),
                    "resume the task at the front once, then put it at the back; print \"Task done\" when send(null) throws StopIteration",
                    RUN);
        }

        @Test
        @DisplayName("prints Task done once per task, and every task is done when run() returns")
        public void everyTaskFinishes(Sandbox sandbox) {
            String called = "spawn(countdown(3)); spawn(countup(1)); spawn(countdown(2)); run()";
            var got = run(sandbox, called, RUN, LOOPS, "finish");
            long doneLines = got.output().stream().filter("Task done"::equals).count();
            List<String> done = got.only("done");
            if (doneLines != 3 || !done.equals(List.of("true", "true", "true"))) {
                throw Failure.of("Not every task ran to its end.")
                        .called(called)
                        .expected("3 \"Task done\" lines, and isDone() true for all three tasks")
                        .got(doneLines + " \"Task done\" lines; isDone() " + done)
                        .likely("run() returned while tasks were still in the queue, or dropped a task before it finished")
                        .read(RUN)
                        .error();
            }
        }

        @Test
        @DisplayName("returns at once when the queue is empty")
        public void returnsWhenEmpty(Sandbox sandbox) {
            var got = run(sandbox, "new Scheduler().run()", RUN,
                    "run() waits or loops when there is nothing to run; it should return when the queue is empty", "empty");
            if (!got.output().isEmpty()) {
                throw Failure.of("run() printed something with no tasks to run.")
                        .called("new Scheduler().run()")
                        .expected("(nothing)")
                        .got(Failure.numbered(got.output(), 5))
                        .read(RUN)
                        .error();
            }
        }

        @Test
        @DisplayName("runs a task spawned by a running task, at the back of the queue")
        public void runsSpawnedTasks(Sandbox sandbox) {
            String called = "spawn(parent); run(), where parent prints, calls spawn(countdown(2)), yields, prints again";
            var got = run(sandbox, called, RUN, LOOPS, "spawn");
            Traces.requireEqual("A task spawned while run() was running did not run in its turn.", called,
                    List.of("parent spawns countdown(2)", "T-minus 2", "parent resumed", "Task done", "T-minus 1", "Task done"),
                    got.output(),
                    "spawn must add at the back of the same queue run() takes from, and run() must keep going until that queue is empty",
                    RUN);
        }

        @Test
        @DisplayName("runs every task on the thread that called run()")
        public void runsOnOneThread(Sandbox sandbox) {
            var got = run(sandbox, "spawn(two probe tasks and countdown(3)); run()", RUN, LOOPS, "thread");
            String caller = got.only("caller").getFirst();
            List<String> threads = got.only("threads");
            if (!threads.equals(List.of(caller))) {
                throw Failure.of("Tasks ran on other threads than the one that called run().")
                        .called("run() on thread " + Failure.quote(caller))
                        .expected("every task resumed on " + Failure.quote(caller))
                        .got("tasks ran on " + threads)
                        .likely("run() hands tasks to threads or an executor; resume each task with send(null) right in the loop")
                        .read(RUN)
                        .error();
            }
        }
    }
}
