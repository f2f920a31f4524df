package lab.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import lab.probe.Event;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** How a run of learner code ended, read from the events its probe reported: what each accessor gives, and the verdict. */
@DisplayName("The outcome of a run")
class OutcomeTest {

    static final BookSection SECTION = new BookSection("step01-run");
    static final String CALLED = "scheduler.run()";
    static final String LOOP_HINT = "a loop that never ends";
    static final Run.Breach FLOOD = new Run.Breach("Your code printed more than 1 MiB, so the check stopped it.", "a print inside a loop");

    static final String LEARNER_FRAME = "lab.Scheduler.run(Scheduler.java:12)";
    static final String JDK_FRAME = "java.base/java.util.ArrayDeque.removeFirst(ArrayDeque.java:362)";
    static final String PROBE_FRAME = "lab.verify.step01.Step01Probe.main(Step01Probe.java:20)";

    static Outcome outcome(Event... events) {
        return Outcome.of(List.of(events), Optional.empty(), "", 0, false);
    }

    static Event.Output out(String text) {
        return new Event.Output(false, text, false);
    }

    static Event.Output err(String text) {
        return new Event.Output(true, text, false);
    }

    static Event.Fact fact(String name, String... values) {
        return new Event.Fact(name, List.of(values));
    }

    static Event.Thrown thrown(String className, String message, String... frames) {
        return new Event.Thrown(className, message, List.of(frames));
    }

    static Event.Done done() {
        return new Event.Done();
    }

    static Optional<String> failure(Outcome o) {
        return o.failure(CALLED, SECTION, LOOP_HINT).map(Failure::message);
    }

    /** The first line of the failure's message. */
    static String headline(Outcome o) {
        return failure(o).orElseThrow().lines().findFirst().orElseThrow();
    }

    @Nested
    @DisplayName("gives learner output")
    class Output {

        @Test
        @DisplayName("on stdout, every line in order")
        void stdout() {
            var o = outcome(out("ran A"), err("oops"), fact("x"), out("ran B"), done());
            assertThat(o.output()).containsExactly("ran A", "ran B");
        }

        @Test
        @DisplayName("on stderr, apart")
        void stderr() {
            var o = outcome(out("ran A"), err("oops"), err("again"), done());
            assertThat(o.stderr()).containsExactly("oops", "again");
        }

        @Test
        @DisplayName("cleaned for showing")
        void cleaned() {
            var o = outcome(out("\u001b[31mred"), err("\u0000"), done());
            assertThat(o.output()).containsExactly("\\e[31mred");
            assertThat(o.stderr()).containsExactly("\\x00");
        }

        @Test
        @DisplayName("as empty lists when nothing was printed")
        void none() {
            assertThat(outcome(done()).output()).isEmpty();
            assertThat(outcome().stderr()).isEmpty();
        }
    }

    @Nested
    @DisplayName("gives facts")
    class Facts {

        @Test
        @DisplayName("every one with a name, its values in order, in the order reported")
        void facts() {
            var o = outcome(fact("turn", "A", "1"), fact("other"), out("x"), fact("turn", "B", "2"), done());
            assertThat(o.facts("turn")).containsExactly(List.of("A", "1"), List.of("B", "2"));
            assertThat(o.facts("absent")).isEmpty();
        }

        @Test
        @DisplayName("the one fact with a name, with only(...)")
        void only() {
            assertThat(outcome(fact("listening", "40123"), done()).only("listening")).containsExactly("40123");
        }

        @Test
        @DisplayName("never a pass for a missing fact: only(...) fails in learner language")
        void onlyMissing() {
            assertThatThrownBy(() -> outcome(done()).only("listening"))
                    .isInstanceOf(AssertionFailedError.class)
                    .hasMessageStartingWith("The check got 0 reports of \"listening\"")
                    .hasMessageContaining("likely:    the scenario did not get that far");
        }

        @Test
        @DisplayName("never a pass for a repeated fact: only(...) fails in learner language")
        void onlyRepeated() {
            assertThatThrownBy(() -> outcome(fact("listening", "1"), fact("listening", "2"), done()).only("listening"))
                    .isInstanceOf(AssertionFailedError.class)
                    .hasMessageStartingWith("The check got 2 reports of \"listening\"")
                    .hasMessageContaining("something other than the probe reported in its name");
        }

        @Test
        @DisplayName("with a fact's name cleaned in only(...)'s message")
        void onlyCleansName() {
            assertThatThrownBy(() -> outcome().only("\u001b[2J")).hasMessageContaining("\"\\e[2J\"");
        }
    }

    @Nested
    @DisplayName("gives a trace")
    class Trace {

        @Test
        @DisplayName("of stdout and the named facts, interleaved in the order they happened")
        void interleaved() {
            var o = outcome(fact("spawn", "A"), out("ran A"), err("not in the trace"), fact("other", "x"),
                    fact("spawn", "B"), out("ran B"), fact("switch"), done());
            assertThat(o.trace("spawn", "switch")).containsExactly("<spawn A>", "ran A", "<spawn B>", "ran B", "<switch>");
        }

        @Test
        @DisplayName("of stdout alone when no fact is named")
        void outputOnly() {
            var o = outcome(fact("spawn", "A"), out("ran A"), done());
            assertThat(o.trace()).containsExactly("ran A");
        }

        @Test
        @DisplayName("with a learner's line told apart from a fact, however it looks")
        void printedFactIsNotAFact() {
            var o = outcome(out("<resume>"), fact("resume"), done());
            List<String> trace = o.trace("resume");
            assertThat(trace).hasSize(2);
            assertThat(trace.get(0)).as("the learner's line").isNotEqualTo(trace.get(1));
        }

        @Test
        @DisplayName("with a fact's values joined by spaces and stdout cleaned")
        void shape() {
            var o = outcome(fact("got", "a", "b", "c"), out("\u001b[0m"));
            assertThat(o.trace("got")).containsExactly("<got a b c>", "\\e[0m");
        }
    }

    @Nested
    @DisplayName("tells how the run ended, from its last event only:")
    class Ending {

        @Test
        @DisplayName("error() is what learner code threw, cleaned")
        void error() {
            var o = outcome(out("x"), thrown("java.lang.IllegalStateException", "no\ntask\u001b", LEARNER_FRAME, "a\tb"));
            var t = o.error().orElseThrow();
            assertThat(t.className()).isEqualTo("java.lang.IllegalStateException");
            assertThat(t.simpleName()).isEqualTo("IllegalStateException");
            assertThat(t.message()).isEqualTo("no\ntask\\e");
            assertThat(t.frames()).containsExactly(LEARNER_FRAME, "a\\tb");
        }

        @Test
        @DisplayName("error() is empty when the Thrown event is not last")
        void errorNotLast() {
            assertThat(outcome(thrown("lab.Boom", "m"), done()).error()).isEmpty();
            assertThat(outcome(thrown("lab.Boom", "m"), out("after")).error()).isEmpty();
            assertThat(outcome(done()).error()).isEmpty();
            assertThat(outcome().error()).isEmpty();
        }

        @Test
        @DisplayName("timeoutAt() is where the scenario's thread was when the watchdog fired, each frame on one line")
        void timeoutAt() {
            var o = outcome(out("x"), new Event.Timeout(2_000, List.of(LEARNER_FRAME, "odd\nframe")));
            assertThat(o.timeoutAt()).contains(List.of(LEARNER_FRAME, "odd\\nframe"));
            assertThat(outcome(new Event.Timeout(1, List.of()), done()).timeoutAt()).isEmpty();
        }

        @Test
        @DisplayName("exitAt() is where learner code ended the JVM")
        void exitAt() {
            var o = outcome(new Event.Exited(List.of("java.base/java.lang.System.exit(System.java:1)", LEARNER_FRAME)));
            assertThat(o.exitAt()).contains(List.of("java.base/java.lang.System.exit(System.java:1)", LEARNER_FRAME));
            assertThat(outcome(new Event.Exited(List.of()), out("after")).exitAt()).isEmpty();
        }

        @Test
        @DisplayName("done() is whether the scenario returned: Done is the last event")
        void returned() {
            assertThat(outcome(out("x"), done()).done()).isTrue();
            assertThat(outcome(done(), out("after")).done()).isFalse();
            assertThat(outcome(out("x")).done()).isFalse();
            assertThat(outcome().done()).isFalse();
        }

        @Test
        @DisplayName("isTodo() is an UnsupportedOperationException whose message starts with TODO, and nothing else")
        void todo() {
            assertThat(new Outcome.Thrown("java.lang.UnsupportedOperationException", "TODO run", List.of()).isTodo()).isTrue();
            assertThat(new Outcome.Thrown("java.lang.UnsupportedOperationException", "not yet", List.of()).isTodo()).isFalse();
            assertThat(new Outcome.Thrown("lab.UnsupportedOperationException", "TODO run", List.of()).isTodo()).isFalse();
        }

        @Test
        @DisplayName("isLinkage() is an error of classes that do not match, by simple name")
        void linkage() {
            for (String name : List.of("NoClassDefFoundError", "NoSuchMethodError", "NoSuchFieldError", "AbstractMethodError",
                    "IncompatibleClassChangeError", "ClassNotFoundException", "IllegalAccessError")) {
                assertThat(new Outcome.Thrown("java.lang." + name, "", List.of()).isLinkage()).as(name).isTrue();
            }
            assertThat(new Outcome.Thrown("java.lang.IllegalStateException", "", List.of()).isLinkage()).isFalse();
        }
    }

    @Nested
    @DisplayName("names the threads learner code started")
    class NewThreads {

        @Test
        @DisplayName("by the names the probe saw, in order, one line each")
        void seen() {
            var o = outcome(new Event.NewThread("worker-1", false), out("x"), new Event.NewThread("pool\n-2", true), done());
            assertThat(o.newThreads()).containsExactly("worker-1", "pool\\n-2");
        }

        @Test
        @DisplayName("with a thread without a name said so")
        void unnamed() {
            assertThat(outcome(new Event.NewThread("", false)).newThreads()).containsExactly("(a thread without a name)");
        }

        @Test
        @DisplayName("with a line for those counted by threads-started but never seen, from the largest count")
        void counted() {
            var o = outcome(fact("threads-started", "1"), new Event.NewThread("worker", false), fact("threads-started", "4"),
                    fact("threads-started", "2"), done());
            assertThat(o.newThreads()).containsExactly("worker", "3 more that ended before the check could see them");
        }

        @Test
        @DisplayName("with no such line when every started thread was seen")
        void allSeen() {
            var o = outcome(new Event.NewThread("a", false), new Event.NewThread("b", false), fact("threads-started", "2"), done());
            assertThat(o.newThreads()).containsExactly("a", "b");
        }

        @Test
        @DisplayName("as none when there are none, and ignoring a threads-started fact that is not one count")
        void none() {
            assertThat(outcome(out("x"), done()).newThreads()).isEmpty();
            assertThat(outcome(fact("threads-started"), fact("threads-started", "5", "6"), done()).newThreads()).isEmpty();
            assertThat(outcome(fact("threads-started", "0"), done()).newThreads()).isEmpty();
        }
    }

    @Nested
    @DisplayName("is a failure, by order of precedence,")
    class Precedence {

        @Test
        @DisplayName("first of a breach, whatever else happened")
        void breach() {
            var o = new Outcome(List.of(out("flood"), new Event.Timeout(10, List.of()), new Event.NewThread("t", false)),
                    Optional.of(FLOOD), "", 137, true);
            assertThat(failure(o)).hasValueSatisfying(m -> assertThat(m).isEqualTo("""
                    Your code printed more than 1 MiB, so the check stopped it.
                      called:    scheduler.run()
                      output:    flood
                      likely:    a print inside a loop
                      read:      the book, "Step 01 › The run loop" (book/target/lab.html#step01-run)"""));
        }

        @Test
        @DisplayName("of a breach with no likely mistake, without that row")
        void breachWithoutLikely() {
            var o = new Outcome(List.of(), Optional.of(new Run.Breach("The JVM running your code reported after its last event.", null)),
                    "", 137, false);
            assertThat(failure(o).orElseThrow()).doesNotContain("likely:").contains("output:    (nothing)");
        }

        @Test
        @DisplayName("then of a timeout, at the learner's frames, with the loop hint")
        void timeout() {
            var o = outcome(out("ran A"), new Event.Timeout(2_000, List.of(JDK_FRAME, LEARNER_FRAME, PROBE_FRAME)));
            assertThat(failure(o)).hasValueSatisfying(m -> assertThat(m).isEqualTo("""
                    scheduler.run() did not finish in time: the verifier stopped it.
                      called:    scheduler.run()
                      at:        lab.Scheduler.run(Scheduler.java:12)
                      output:    ran A
                      likely:    a loop that never ends
                      read:      the book, "Step 01 › The run loop" (book/target/lab.html#step01-run)"""));
        }

        @Test
        @DisplayName("then of a run killed at the hard deadline, as a timeout, before an exit or an exception")
        void killed() {
            for (Event last : List.of(new Event.Exited(List.of()), thrown("lab.Boom", "m"), done())) {
                var o = new Outcome(List.of(last), Optional.empty(), "", 137, true);
                assertThat(headline(o)).as("killed, then %s", last).isEqualTo("scheduler.run() did not finish in time: the verifier stopped it.");
            }
        }

        @Test
        @DisplayName("then of an exit, where it was called")
        void exit() {
            var o = outcome(new Event.NewThread("t", false), new Event.Exited(List.of("java.base/java.lang.System.exit(System.java:1)", LEARNER_FRAME)));
            assertThat(failure(o).orElseThrow()).startsWith("Your code called System.exit, which ends the whole program.")
                    .contains("  at:        " + LEARNER_FRAME + "\n")
                    .contains("likely:    return from the method instead of exiting");
        }

        @Test
        @DisplayName("then of a TODO left in the skeleton, named by its message")
        void todo() {
            var o = outcome(new Event.NewThread("t", false),
                    thrown("java.lang.UnsupportedOperationException", "TODO Scheduler.run: see the book", LEARNER_FRAME));
            assertThat(failure(o).orElseThrow()).startsWith("Scheduler.run is not written yet.")
                    .contains("got:       UnsupportedOperationException: TODO Scheduler.run: see the book")
                    .contains("at:        " + LEARNER_FRAME)
                    .contains("the skeleton's TODO is still there");
        }

        @Test
        @DisplayName("then of a channel in blocking mode, which the lab's scheduler names in English, with the advice in the learner's words")
        void blockingMode() {
            var o = outcome(thrown("java.lang.IllegalArgumentException", "task t waits for SocketChannel[x]" + Outcome.BLOCKING_MODE
                    + " on it before a task waits for it", "lab.Scheduler.park(Scheduler.java:83)"));
            assertThat(failure(o).orElseThrow()).contains("threw IllegalArgumentException")
                    .contains("likely:    a task waited for a channel in blocking mode: call configureBlocking(false) on every channel");
            var other = outcome(thrown("java.lang.IllegalArgumentException", "unknown yield reason", LEARNER_FRAME));
            assertThat(failure(other).orElseThrow()).doesNotContain("likely:");
        }

        @Test
        @DisplayName("of a TODO that names no method, as \"A method\"")
        void todoUnnamed() {
            var o = outcome(thrown("java.lang.UnsupportedOperationException", "TODO"));
            assertThat(headline(o)).isEqualTo("A method is not written yet.");
        }

        @Test
        @DisplayName("then of a linkage error: the learner's classes do not match")
        void linkage() {
            var o = outcome(thrown("java.lang.NoSuchMethodError", "'void lab.Scheduler.run()'", JDK_FRAME));
            assertThat(failure(o).orElseThrow()).startsWith("The verifier could not find part of your code.")
                    .contains("got:       NoSuchMethodError: 'void lab.Scheduler.run()'")
                    .contains("keep the names and signatures of the skeleton")
                    .doesNotContain("at:");
        }

        @Test
        @DisplayName("then of another exception, with where and the output before it")
        void otherException() {
            var o = outcome(out("ran A"), new Event.NewThread("t", false),
                    thrown("java.util.NoSuchElementException", "empty", JDK_FRAME, LEARNER_FRAME, "lab.Main.main(Main.java:3)"));
            assertThat(failure(o)).hasValueSatisfying(m -> assertThat(m).isEqualTo("""
                    scheduler.run() threw NoSuchElementException.
                      called:    scheduler.run()
                      got:       NoSuchElementException: empty
                      at:        lab.Scheduler.run(Scheduler.java:12)
                                 called from lab.Main.main(Main.java:3)
                      output:    ran A
                      read:      the book, "Step 01 › The run loop" (book/target/lab.html#step01-run)"""));
        }

        @Test
        @DisplayName("of an exception thrown outside learner code, at the innermost frames")
        void notLearnerFrames() {
            var o = outcome(thrown("java.lang.IllegalStateException", "m", JDK_FRAME, PROBE_FRAME));
            assertThat(failure(o).orElseThrow()).contains("at:        " + JDK_FRAME + "\n             called from " + PROBE_FRAME);
        }

        @Test
        @DisplayName("then of new threads, after a scenario that returned")
        void newThreads() {
            var o = outcome(new Event.NewThread("worker", false), fact("threads-started", "2"), done());
            assertThat(failure(o).orElseThrow())
                    .startsWith("Your code started threads: worker, 1 more that ended before the check could see them.")
                    .contains("likely:    the scheduler runs every task on one thread");
        }

        @Test
        @DisplayName("then of new threads, also when no last event came")
        void newThreadsWithoutEnd() {
            var o = outcome(new Event.NewThread("worker", false));
            assertThat(headline(o)).isEqualTo("Your code started threads: worker.");
        }

        @Test
        @DisplayName("last of a JVM that stopped without a last event, with its exit code and what it printed")
        void stoppedUnexpectedly() {
            var o = new Outcome(List.of(out("ran A"), err("Exception in thread")), Optional.empty(),
                    "# A fatal error has been detected\n# SIGSEGV", 134, false);
            assertThat(failure(o)).hasValueSatisfying(m -> assertThat(m).isEqualTo("""
                    The JVM running your code stopped unexpectedly (exit code 134).
                      called:    scheduler.run()
                      output:    ran A
                      stderr:    Exception in thread
                      jvm:       # A fatal error has been detected
                                 # SIGSEGV
                      read:      the book, "Step 01 › The run loop" (book/target/lab.html#step01-run)"""));
        }

        @Test
        @DisplayName("of a JVM that stopped having said nothing at all, with every row (nothing)")
        void stoppedSilently() {
            var o = new Outcome(List.of(), Optional.empty(), "", -1, false);
            assertThat(failure(o).orElseThrow()).startsWith("The JVM running your code stopped unexpectedly (exit code -1).")
                    .contains("output:    (nothing)", "stderr:    (nothing)", "jvm:       (nothing)");
        }

        @Test
        @DisplayName("and none when the scenario returned and nothing else went wrong")
        void none() {
            var o = outcome(out("ran A"), err("a warning"), fact("threads-started", "0"), done());
            assertThat(o.failure(CALLED, SECTION, LOOP_HINT)).isEmpty();
        }

        @Test
        @DisplayName("with only the last lines of long output, saying how many came before")
        void tail() {
            List<Event> events = new ArrayList<>();
            for (int i = 1; i <= 20; i++) events.add(out("line " + i));
            events.add(new Event.Timeout(1, List.of()));
            var message = failure(Outcome.of(events, Optional.empty(), "", 124, false)).orElseThrow();
            assertThat(message).contains("output:    ... (12 lines before)\n             line 13\n")
                    .contains("line 20").doesNotContain("line 12\n");
        }
    }

    @Nested
    @DisplayName("is normal")
    class Normal {

        @Test
        @DisplayName("when the scenario returned, with no breach, no new thread and no kill")
        void normal() {
            assertThat(outcome(out("ran A"), fact("x", "1"), done()).normal()).isTrue();
        }

        @Test
        @DisplayName("not when it ended any other way")
        void notNormal() {
            assertThat(outcome().normal()).as("no events").isFalse();
            assertThat(outcome(out("x")).normal()).as("no last event").isFalse();
            assertThat(outcome(thrown("lab.Boom", "m")).normal()).as("thrown").isFalse();
            assertThat(outcome(new Event.Timeout(1, List.of())).normal()).as("timeout").isFalse();
            assertThat(outcome(new Event.Exited(List.of())).normal()).as("exited").isFalse();
        }

        @Test
        @DisplayName("not after Done with a breach, a new thread, a thread counted but not seen, or a kill")
        void doneButNot() {
            assertThat(new Outcome(List.of(done()), Optional.of(FLOOD), "", 0, false).normal()).as("breach").isFalse();
            assertThat(outcome(new Event.NewThread("t", false), done()).normal()).as("new thread").isFalse();
            assertThat(outcome(fact("threads-started", "1"), done()).normal()).as("counted thread").isFalse();
            assertThat(new Outcome(List.of(done()), Optional.empty(), "", 0, true).normal()).as("killed").isFalse();
        }

        @Test
        @DisplayName("exactly when requireNormal(...) passes, which otherwise throws the failure")
        void requireNormal() {
            var good = outcome(done());
            assertThat(good.requireNormal(CALLED, SECTION, LOOP_HINT)).isSameAs(good);
            var bad = outcome(thrown("lab.Boom", "m"));
            assertThatThrownBy(() -> bad.requireNormal(CALLED, SECTION, LOOP_HINT))
                    .isInstanceOf(AssertionFailedError.class).hasMessageStartingWith("scheduler.run() threw Boom.");
        }
    }

    @Nested
    @DisplayName("is built")
    class Building {

        @Test
        @DisplayName("by of(...) with a copy of the events, so later changes to the list do not count")
        void copies() {
            List<Event> events = new ArrayList<>(Arrays.asList(out("x"), done()));
            var o = Outcome.of(events, Optional.empty(), "", 0, false);
            events.add(out("late"));
            assertThat(o.events()).hasSize(2);
            assertThat(o.done()).isTrue();
        }
    }
}
