package lab.gen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A generator on threads")
class ThreadGeneratorTest extends GeneratorContract {

    @Override
    <Y, S> Generator<Y, S> create(Body<Y, S> body) {
        return Generator.onThreads(body);
    }

    @Test
    @DisplayName("runs its body on a daemon thread of its own")
    void runsOnItsOwnThread() {
        Generator<Thread, Void> g = create(y -> {
            y.yield(Thread.currentThread());
            y.yield(Thread.currentThread());
        });
        Thread first = g.next();
        assertThat(first).isNotSameAs(Thread.currentThread());
        assertThat(first.isDaemon()).isTrue();
        assertThat(g.next()).isSameAs(first);
    }

    @Test
    @DisplayName("keeps an interrupt of the resumer for later instead of losing it or stopping the hand-off")
    void interruptIsKept() {
        Generator<Integer, Void> g = create(y -> {
            y.yield(1);
        });
        Thread.currentThread().interrupt();
        assertThat(g.next()).isEqualTo(1);
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    @DisplayName("unwinds the body of an abandoned generator with GeneratorExit once it is garbage-collected")
    void abandonedGeneratorUnwinds() throws InterruptedException {
        CountDownLatch unwound = new CountDownLatch(1);
        startAndAbandon(unwound);
        // bounded by attempts, not asserted on time: collection is up to the GC
        for (int attempt = 0; attempt < 50 && unwound.getCount() > 0; attempt++) {
            System.gc();
            unwound.await(100, TimeUnit.MILLISECONDS);
        }
        assertThat(unwound.getCount()).as("the abandoned body ran its finally block").isZero();
    }

    private void startAndAbandon(CountDownLatch unwound) {
        Generator<Integer, Void> g = create(y -> {
            try {
                y.yield(1);
            } catch (GeneratorExit e) {
                unwound.countDown();
            }
        });
        g.next();
    }
}
