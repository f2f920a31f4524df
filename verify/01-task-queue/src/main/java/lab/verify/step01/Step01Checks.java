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
import lab.verify.Words;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Step 01's checks, as abstract test classes: step 01's verifier runs them as nested classes, and every later
 * step runs them again (a later step must not break an earlier lesson).
 */
public final class Step01Checks {

    private Step01Checks() {}

    private static final Words WORDS = Words.of(Step01Checks.class);

    public static final BookSection GENERATORS = new BookSection("step01-generators");
    public static final BookSection RUN = new BookSection("step01-run");

    /** Each scenario takes milliseconds; this is how long an endless loop gets before it fails the check. */
    public static final Duration DEADLINE = Duration.ofMillis(2500);

    /** The likely mistake when a run loop never returns, in the learner's language. */
    public static String loops() {
        return WORDS.say("loops");
    }

    public static Outcome run(Sandbox sandbox, String called, BookSection section, String hint, String... args) {
        try (var run = sandbox.start(Step01Probe.class, DEADLINE, args)) {
            return run.finish().requireNormal(called, section, hint);
        }
    }

    public static List<String> countdownLines(int n) {
        return IntStream.iterate(n, i -> i > 0, i -> i - 1).mapToObj(i -> "T-minus " + i).toList();
    }

    public static List<String> countupLines(int n) {
        return IntStream.range(0, n).mapToObj(x -> "Up we go " + x).toList(); // data
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
        public void countdownPrintsOneLinePerResume(Sandbox sandbox) {
            var got = run(sandbox, WORDS.say("Generators.countdownPrintsOneLinePerResume.run"), GENERATORS,
                    WORDS.say("Generators.countdownPrintsOneLinePerResume.loops"), "countdown", "3");
            Traces.requireEqual(WORDS.say("Generators.countdownPrintsOneLinePerResume.headline"),
                    WORDS.say("Generators.countdownPrintsOneLinePerResume.called"),
                    resumes(countdownLines(3)), got.trace("resume", "finished"),
                    WORDS.say("Generators.countdownPrintsOneLinePerResume.likely"),
                    GENERATORS);
        }

        @Test
        public void countupPrintsOneLinePerResume(Sandbox sandbox) {
            var got = run(sandbox, WORDS.say("Generators.countupPrintsOneLinePerResume.run"), GENERATORS,
                    WORDS.say("Generators.countupPrintsOneLinePerResume.loops"), "countup", "3");
            Traces.requireEqual(WORDS.say("Generators.countupPrintsOneLinePerResume.headline"),
                    WORDS.say("Generators.countupPrintsOneLinePerResume.called"),
                    resumes(countupLines(3)), got.trace("resume", "finished"),
                    WORDS.say("Generators.countupPrintsOneLinePerResume.likely"),
                    GENERATORS);
        }

        @Test
        public void creatingRunsNothing(Sandbox sandbox) {
            var got = run(sandbox, WORDS.say("Generators.creatingRunsNothing.run"), GENERATORS,
                    WORDS.say("Generators.creatingRunsNothing.loops"), "lazy");
            if (!got.output().isEmpty()) {
                throw Failure.of(WORDS.say("Generators.creatingRunsNothing.headline"))
                        .called(WORDS.say("Generators.creatingRunsNothing.called"))
                        .expected(WORDS.say("nothing"))
                        .got(Failure.numbered(got.output(), 5))
                        .likely(WORDS.say("Generators.creatingRunsNothing.likely"))
                        .read(GENERATORS)
                        .error();
            }
        }
    }

    /** The run loop: round-robin, every task finishes, one thread (not Main, which changes from step to step). */
    @Tag("hint-2")
    @ExtendWith(LearnerCode.class)
    public abstract static class RunLoop {

        @Test
        public void takesTurns(Sandbox sandbox) {
            String called = WORDS.say("RunLoop.takesTurns.called");
            var got = run(sandbox, called, RUN, loops(), "two");
            Traces.requireEqual(WORDS.say("RunLoop.takesTurns.headline"), called,
                    roundRobin(List.of(countdownLines(2), countupLines(2))), got.output(),
                    WORDS.say("RunLoop.takesTurns.likely"),
                    RUN);
        }

        @Test
        public void everyTaskFinishes(Sandbox sandbox) {
            String called = WORDS.say("RunLoop.everyTaskFinishes.called");
            var got = run(sandbox, called, RUN, loops(), "finish");
            long doneLines = got.output().stream().filter("Task done"::equals).count();
            List<String> done = got.only("done");
            if (doneLines != 3 || !done.equals(List.of("true", "true", "true"))) {
                throw Failure.of(WORDS.say("RunLoop.everyTaskFinishes.headline"))
                        .called(called)
                        .expected(WORDS.say("RunLoop.everyTaskFinishes.expected"))
                        .got(WORDS.say("RunLoop.everyTaskFinishes.got", doneLines, done))
                        .likely(WORDS.say("RunLoop.everyTaskFinishes.likely"))
                        .read(RUN)
                        .error();
            }
        }

        @Test
        public void returnsWhenEmpty(Sandbox sandbox) {
            String called = WORDS.say("RunLoop.returnsWhenEmpty.called");
            var got = run(sandbox, called, RUN, WORDS.say("RunLoop.returnsWhenEmpty.loops"), "empty");
            if (!got.output().isEmpty()) {
                throw Failure.of(WORDS.say("RunLoop.returnsWhenEmpty.headline"))
                        .called(called)
                        .expected(WORDS.say("nothing"))
                        .got(Failure.numbered(got.output(), 5))
                        .read(RUN)
                        .error();
            }
        }

        @Test
        public void runsSpawnedTasks(Sandbox sandbox) {
            String called = WORDS.say("RunLoop.runsSpawnedTasks.called");
            var got = run(sandbox, called, RUN, loops(), "spawn");
            Traces.requireEqual(WORDS.say("RunLoop.runsSpawnedTasks.headline"), called,
                    List.of("parent spawns countdown(2)", "T-minus 2", "parent resumed", "Task done", "T-minus 1", "Task done"), // data
                    got.output(),
                    WORDS.say("RunLoop.runsSpawnedTasks.likely"),
                    RUN);
        }

        @Test
        public void runsOnOneThread(Sandbox sandbox) {
            var got = run(sandbox, WORDS.say("RunLoop.runsOnOneThread.run"), RUN, loops(), "thread");
            String caller = got.only("caller").getFirst();
            List<String> threads = got.only("threads");
            if (!threads.equals(List.of(caller))) {
                throw Failure.of(WORDS.say("RunLoop.runsOnOneThread.headline"))
                        .called(WORDS.say("RunLoop.runsOnOneThread.called", Failure.quote(caller)))
                        .expected(WORDS.say("RunLoop.runsOnOneThread.expected", Failure.quote(caller)))
                        .got(WORDS.say("RunLoop.runsOnOneThread.got", threads))
                        .likely(WORDS.say("RunLoop.runsOnOneThread.likely"))
                        .read(RUN)
                        .error();
            }
        }
    }
}
