package lab.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A generator on continuations")
class ContinuationGeneratorTest extends GeneratorContract {

    @Override
    <Y, S> Generator<Y, S> create(Body<Y, S> body) {
        return Generator.onContinuations(body);
    }

    @Test
    @DisplayName("runs its body on the resumer's own thread")
    void runsOnCallersThread() {
        Thread caller = Thread.currentThread();
        Generator<Thread, Void> g = create(y -> {
            y.yield(Thread.currentThread());
            y.yield(Thread.currentThread());
        });
        assertThat(g.next()).isSameAs(caller);
        assertThat(g.next()).isSameAs(caller);
    }

    @Test
    @DisplayName("can be resumed from another thread, and then runs there")
    void resumedFromAnotherThread() throws Exception {
        Generator<Thread, Void> g = create(y -> {
            while (true) {
                y.yield(Thread.currentThread());
            }
        });
        assertThat(g.next()).isSameAs(Thread.currentThread());
        try (ExecutorService other = Executors.newSingleThreadExecutor()) {
            Thread[] resumer = new Thread[1];
            Thread ranOn = other.submit(() -> {
                resumer[0] = Thread.currentThread();
                return g.next();
            }).get();
            assertThat(ranOn).isSameAs(resumer[0]).isNotSameAs(Thread.currentThread());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    @Test
    @DisplayName("keeps running after a refused yield, if the body catches the exception")
    void pinnedYieldIsRecoverable() {
        Generator<String, Void> g = create(y -> {
            yielderForInit = (Yielder) y;
            try {
                new YieldsInInitializer2();
            } catch (ExceptionInInitializerError e) {
                trace.add("refused: " + e.getCause().getMessage().substring(0, 26));
            }
            y.yield("after the initializer");
        });
        assertThat(g.next()).isEqualTo("after the initializer");
        assertThat(trace).containsExactly("refused: yield can't be called here");
    }

    @Test
    @DisplayName("runs on a virtual thread resumer too, even when the body blocks")
    void virtualThreadResumer() throws Exception {
        Thread[] seen = new Thread[2];
        Thread vt = Thread.ofVirtual().start(() -> {
            Generator<Thread, Void> g = create(y -> {
                Thread.sleep(10); // parks the virtual thread with the generator's continuation mounted inside it
                y.yield(Thread.currentThread());
            });
            seen[0] = Thread.currentThread();
            seen[1] = g.next();
        });
        vt.join();
        assertThat(seen[1]).isSameAs(seen[0]).isSameAs(vt);
    }

    static Yielder<Integer, Void> yielderForInit;

    /** Yields from its static initializer, which the JVM runs under a native frame. */
    static final class YieldsInInitializer {
        static {
            yielderForInit.yield(1);
        }
    }

    /** The same, for a second test (a class is initialized once). */
    static final class YieldsInInitializer2 {
        static {
            yielderForInit.yield(2);
        }
    }

    @Test
    @DisplayName("refuses a yield under a native frame (a class initializer)")
    void pinnedByNativeFrame() {
        Generator<Integer, Void> g = create(y -> {
            yielderForInit = y;
            new YieldsInInitializer();
        });
        assertThatThrownBy(g::next)
                .isInstanceOf(ExceptionInInitializerError.class)
                .cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("yield can't be called here: a native frame is on the stack");
    }
}
