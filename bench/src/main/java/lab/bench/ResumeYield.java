package lab.bench;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;
import lab.gen.Generator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** Nanoseconds per resume+yield: a generator on continuations, one on threads, and the raw mechanisms under them. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// the forked JVM is started with -cp, so the jar manifest's Add-Exports does not reach it: pass the flag here
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
@State(Scope.Thread)
public class ResumeYield {

    private Generator<Long, Void> onContinuations;
    private Generator<Long, Void> onThreads;
    private Continuation rawContinuation;
    private SynchronousQueue<Long> toEcho;
    private SynchronousQueue<Long> fromEcho;
    private Thread echo;

    private static final ContinuationScope RAW = new ContinuationScope("bench");

    @Setup(Level.Trial)
    public void setUp() {
        onContinuations = Generator.onContinuations(ResumeYield::count);
        onThreads = Generator.onThreads(ResumeYield::count);
        rawContinuation = new Continuation(RAW, () -> {
            while (true) {
                Continuation.yield(RAW);
            }
        });
        toEcho = new SynchronousQueue<>();
        fromEcho = new SynchronousQueue<>();
        echo = Thread.ofVirtual().name("echo").start(() -> {
            try {
                while (true) {
                    fromEcho.put(toEcho.take());
                }
            } catch (InterruptedException e) {
                // the trial is over
            }
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        onContinuations.close();
        onThreads.close();
        echo.interrupt();
    }

    private static void count(lab.gen.Yielder<Long, Void> y) {
        long i = 0;
        while (true) {
            y.yield(i++);
        }
    }

    /** One next() of a generator on continuations: the body runs on this thread. */
    @Benchmark
    public Long generatorOnContinuations() {
        return onContinuations.next();
    }

    /** One next() of a generator on threads: two hand-offs between this thread and the body's virtual thread. */
    @Benchmark
    public Long generatorOnThreads() {
        return onThreads.next();
    }

    /** Baseline: Continuation.run plus Continuation.yield, with no generator around them. */
    @Benchmark
    public void rawContinuation() {
        rawContinuation.run();
    }

    /** Baseline: a round trip through two SynchronousQueues to a virtual thread that echoes. */
    @Benchmark
    public Long rawSynchronousQueue() throws InterruptedException {
        toEcho.put(42L);
        return fromEcho.take();
    }
}
