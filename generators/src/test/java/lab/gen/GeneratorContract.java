package lab.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertAll;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import lab.gen.Generator.State;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The contract every implementation of Generator keeps; a subclass per implementation runs all of it. */
abstract class GeneratorContract {

    /** Creates a generator on the implementation under test. */
    abstract <Y, S> Generator<Y, S> create(Body<Y, S> body);

    /** Events recorded by bodies and tests, asserted as one whole interleaving. */
    final List<String> trace = new ArrayList<>();

    @Nested
    @DisplayName("when new")
    class WhenNew {

        @Test
        @DisplayName("does not start the body until the first send")
        void doesNotStartEarly() {
            Generator<Integer, Void> g = create(y -> trace.add("body started"));
            assertAll(
                    () -> assertThat(trace).isEmpty(),
                    () -> assertThat(g.state()).isEqualTo(State.NEW),
                    () -> assertThat(g.isDone()).isFalse());
        }

        @Test
        @DisplayName("refuses a non-null first send, and stays new")
        void refusesNonNullFirstSend() {
            Generator<Integer, String> g = create(y -> trace.add("body started"));
            assertThatThrownBy(() -> g.send("hello"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("can't send non-null value to a just-started generator");
            assertAll(
                    () -> assertThat(trace).isEmpty(),
                    () -> assertThat(g.state()).isEqualTo(State.NEW));
        }

        @Test
        @DisplayName("goes straight to done on close, without running the body")
        void closeSkipsBody() {
            Generator<Integer, Void> g = create(y -> trace.add("body started"));
            g.close();
            assertAll(
                    () -> assertThat(trace).isEmpty(),
                    () -> assertThat(g.state()).isEqualTo(State.DONE),
                    () -> assertThatThrownBy(g::next).isInstanceOf(StopIteration.class));
        }
    }

    @Nested
    @DisplayName("when running")
    class WhenRunning {

        @Test
        @DisplayName("yields values in order, then throws StopIteration")
        void yieldsInOrder() {
            Generator<Integer, Void> g = create(y -> {
                for (int i = 0; i < 3; i++) {
                    y.yield(i);
                }
            });
            assertAll(
                    () -> assertThat(g.next()).isEqualTo(0),
                    () -> assertThat(g.next()).isEqualTo(1),
                    () -> assertThat(g.send(null)).isEqualTo(2),
                    () -> assertThat(g.state()).isEqualTo(State.SUSPENDED),
                    () -> assertThatThrownBy(g::next).isInstanceOf(StopIteration.class).hasMessage("generator is done"),
                    () -> assertThat(g.state()).isEqualTo(State.DONE),
                    () -> assertThat(g.isDone()).isTrue());
        }

        @Test
        @DisplayName("keeps throwing StopIteration once done")
        void stopIterationAgain() {
            Generator<Integer, Void> g = create(y -> { });
            assertThatThrownBy(g::next).isInstanceOf(StopIteration.class);
            assertThatThrownBy(g::next).isInstanceOf(StopIteration.class);
            assertThatThrownBy(() -> g.send(null)).isInstanceOf(StopIteration.class);
        }

        @Test
        @DisplayName("StopIteration carries no stack trace")
        void stopIterationIsCheap() {
            Generator<Integer, Void> g = create(y -> { });
            assertThatThrownBy(g::next).satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
        }

        @Test
        @DisplayName("returns from each yield the value of the next send")
        void yieldReturnsSentValue() {
            Generator<String, String> g = create(y -> {
                trace.add("started");
                String got = y.yield("ready");
                while (got != null) {
                    trace.add("got " + got);
                    got = y.yield("echo " + got);
                }
                trace.add("finished");
            });
            trace.add("sent null -> " + g.next());
            trace.add("sent a -> " + g.send("a"));
            trace.add("sent b -> " + g.send("b"));
            assertThatThrownBy(g::next).isInstanceOf(StopIteration.class);
            assertThat(trace).containsExactly(
                    "started", "sent null -> ready",
                    "got a", "sent a -> echo a",
                    "got b", "sent b -> echo b",
                    "finished");
        }

        @Test
        @DisplayName("is RUNNING while its body runs and SUSPENDED at a yield")
        void statesSeenFromInside() {
            AtomicReference<Generator<Void, Void>> self = new AtomicReference<>();
            Generator<Void, Void> g = create(y -> {
                trace.add("inside: " + self.get().state());
                y.yield();
                trace.add("inside again: " + self.get().state());
            });
            self.set(g);
            trace.add("before: " + g.state());
            g.next();
            trace.add("after yield: " + g.state());
            assertThatThrownBy(g::next).isInstanceOf(StopIteration.class);
            trace.add("after return: " + g.state());
            assertThat(trace).containsExactly(
                    "before: NEW", "inside: RUNNING", "after yield: SUSPENDED", "inside again: RUNNING",
                    "after return: DONE");
        }

        @Test
        @DisplayName("suspends inside synchronized, and the suspended generator keeps the lock")
        void yieldInsideSynchronized() throws InterruptedException {
            Object lock = new Object();
            Generator<Integer, Void> g = create(y -> {
                synchronized (lock) {
                    y.yield(1);
                    trace.add("still holds the lock: " + Thread.holdsLock(lock));
                }
            });
            assertThat(g.next()).isEqualTo(1);
            // another thread can't take the lock while the generator is suspended inside synchronized
            boolean[] entered = new boolean[1];
            Thread other = Thread.ofPlatform().daemon().start(() -> {
                synchronized (lock) {
                    entered[0] = true;
                }
            });
            other.join(200);
            trace.add("other thread entered while suspended: " + entered[0]);
            assertThatThrownBy(g::next).isInstanceOf(StopIteration.class);
            other.join();
            assertThat(trace).containsExactly(
                    "other thread entered while suspended: false", "still holds the lock: true");
        }

        @Test
        @DisplayName("refuses a send from inside its own body")
        void refusesReentrantSend() {
            AtomicReference<Generator<Integer, Void>> self = new AtomicReference<>();
            Generator<Integer, Void> g = create(y -> self.get().next());
            self.set(g);
            assertThatThrownBy(g::next)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("generator already executing");
            assertThat(g.state()).isEqualTo(State.DONE);
        }

        @Test
        @DisplayName("refuses a close from inside its own body")
        void refusesReentrantClose() {
            AtomicReference<Generator<Integer, Void>> self = new AtomicReference<>();
            Generator<Integer, Void> g = create(y -> self.get().close());
            self.set(g);
            assertThatThrownBy(g::next)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("generator already executing");
        }
    }

    @Nested
    @DisplayName("when the body throws")
    class WhenTheBodyThrows {

        @Test
        @DisplayName("shows its name and state in toString, for schedulers' messages")
        void named() {
            Generator<Integer, Void> g = create(y -> y.yield(1));
            assertThat(g.toString()).matches("generator@[0-9a-f]+ \\(NEW\\)");
            assertThat(Generator.<Integer, Void>of("echo /127.0.0.1:5000", y -> { }).toString())
                    .isEqualTo("echo /127.0.0.1:5000 (NEW)");
        }

        @Test
        @DisplayName("turns a StopIteration escaping the body into an IllegalStateException, as Python's PEP 479 does")
        void stopIterationFromBody() {
            Generator<Integer, Void> inner = create(y -> { });
            Generator<Integer, Void> outer = create(y -> {
                inner.next(); // inner is done at once: its StopIteration is not caught here
                y.yield(1);
            });
            assertThatThrownBy(outer::next).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("threw StopIteration").hasCauseInstanceOf(StopIteration.class);
            assertThat(outer.isDone()).isTrue();
        }

        @Test
        @DisplayName("rethrows a RuntimeException as the same object, and is done")
        void sameRuntimeException() {
            RuntimeException boom = new IllegalArgumentException("boom");
            Generator<Integer, Void> g = create(y -> {
                y.yield(1);
                throw boom;
            });
            g.next();
            assertThatThrownBy(g::next).isSameAs(boom);
            assertThat(g.state()).isEqualTo(State.DONE);
            assertThatThrownBy(g::next).isInstanceOf(StopIteration.class);
        }

        @Test
        @DisplayName("rethrows an Error as the same object")
        void sameError() {
            Error boom = new AssertionError("boom");
            Generator<Integer, Void> g = create(y -> {
                throw boom;
            });
            assertThatThrownBy(g::next).isSameAs(boom);
            assertThat(g.isDone()).isTrue();
        }

        @Test
        @DisplayName("wraps a checked exception in GeneratorException")
        void wrapsChecked() {
            IOException boom = new IOException("disk on fire");
            Generator<Integer, Void> g = create(y -> {
                throw boom;
            });
            assertThatThrownBy(g::next)
                    .isInstanceOf(GeneratorException.class)
                    .hasCauseReference(boom)
                    .hasMessageContaining("disk on fire");
            assertThat(g.isDone()).isTrue();
        }
    }

    @Nested
    @DisplayName("when a Yielder is misused")
    class WhenAYielderIsMisused {

        @Test
        @DisplayName("refuses a yield after the body returned")
        void yieldAfterReturn() {
            AtomicReference<Yielder<Integer, Void>> escaped = new AtomicReference<>();
            Generator<Integer, Void> g = create(escaped::set);
            assertThatThrownBy(g::next).isInstanceOf(StopIteration.class);
            assertThatThrownBy(() -> escaped.get().yield(1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("DONE")
                    .hasMessageContaining("only while its own body runs");
        }

        @Test
        @DisplayName("refuses a yield from outside the body while it is suspended")
        void yieldWhileSuspended() {
            AtomicReference<Yielder<Integer, Void>> escaped = new AtomicReference<>();
            Generator<Integer, Void> g = create(y -> {
                escaped.set(y);
                y.yield(1);
                y.yield(2);
            });
            assertThat(g.next()).isEqualTo(1);
            assertThatThrownBy(() -> escaped.get().yield(99))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("SUSPENDED");
            assertThat(g.state()).isEqualTo(State.SUSPENDED);
            assertThat(g.next()).isEqualTo(2);
        }

        @Test
        @DisplayName("refuses a yield through the outer Yielder from an inner generator's body")
        void yieldThroughOuterFromInner() {
            Generator<String, Void> outer = create(outerY -> {
                Generator<String, Void> inner = create(innerY -> outerY.yield("wrong way"));
                inner.next();
            });
            assertThatThrownBy(outer::next)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("outside this generator's body");
        }
    }

    @Nested
    @DisplayName("when nested")
    class WhenNested {

        @Test
        @DisplayName("sends an inner yield to the inner resumer, an outer yield to the outer resumer")
        void nests() {
            Generator<String, Void> outer = create(y -> {
                Generator<String, Void> inner = create(iy -> {
                    trace.add("inner yields i1");
                    iy.yield("i1");
                    trace.add("inner yields i2");
                    iy.yield("i2");
                });
                trace.add("outer got " + inner.next());
                y.yield("o1");
                trace.add("outer got " + inner.next());
                y.yield("o2");
                assertThatThrownBy(inner::next).isInstanceOf(StopIteration.class);
                trace.add("inner done");
            });
            trace.add("main got " + outer.next());
            trace.add("main got " + outer.next());
            assertThatThrownBy(outer::next).isInstanceOf(StopIteration.class);
            assertThat(trace).containsExactly(
                    "inner yields i1", "outer got i1", "main got o1",
                    "inner yields i2", "outer got i2", "main got o2",
                    "inner done");
        }
    }

    @Nested
    @DisplayName("when closed")
    class WhenClosed {

        @Test
        @DisplayName("throws GeneratorExit at the suspended yield, runs finally blocks, and is done")
        void closeThrowsGeneratorExit() {
            Generator<Integer, Void> g = create(y -> {
                try {
                    y.yield(1);
                    trace.add("resumed normally");
                } catch (GeneratorExit e) {
                    trace.add("GeneratorExit");
                    throw e;
                } finally {
                    trace.add("finally");
                }
            });
            g.next();
            g.close();
            assertThat(trace).containsExactly("GeneratorExit", "finally");
            assertThat(g.state()).isEqualTo(State.DONE);
            assertThatThrownBy(g::next).isInstanceOf(StopIteration.class);
        }

        @Test
        @DisplayName("accepts a body that catches GeneratorExit and returns")
        void bodyReturnsOnClose() {
            Generator<Integer, Void> g = create(y -> {
                try {
                    y.yield(1);
                } catch (GeneratorExit e) {
                    trace.add("cleaned up");
                }
            });
            g.next();
            g.close();
            assertThat(trace).containsExactly("cleaned up");
            assertThat(g.isDone()).isTrue();
        }

        @Test
        @DisplayName("complains when the body ignores GeneratorExit and yields again")
        void ignoredGeneratorExit() {
            Generator<Integer, Void> g = create(y -> {
                while (true) {
                    try {
                        y.yield(1);
                    } catch (GeneratorExit e) {
                        trace.add("ignored");
                    }
                }
            });
            g.next();
            assertThatThrownBy(g::close)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("generator ignored GeneratorExit");
            assertThat(trace).containsExactly("ignored");
            assertThat(g.state()).isEqualTo(State.SUSPENDED);
        }

        @Test
        @DisplayName("passes on another exception the body throws while closing")
        void otherExceptionOnClose() {
            RuntimeException boom = new IllegalStateException("cleanup failed");
            Generator<Integer, Void> g = create(y -> {
                try {
                    y.yield(1);
                } finally {
                    throw boom;
                }
            });
            g.next();
            assertThatThrownBy(g::close).isSameAs(boom);
            assertThat(g.isDone()).isTrue();
        }

        @Test
        @DisplayName("does nothing when already done")
        void closeWhenDone() {
            Generator<Integer, Void> g = create(y -> trace.add("ran"));
            assertThatThrownBy(g::next).isInstanceOf(StopIteration.class);
            g.close();
            g.close();
            assertThat(trace).containsExactly("ran");
            assertThat(g.state()).isEqualTo(State.DONE);
        }
    }
}
