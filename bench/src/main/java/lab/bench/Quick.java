package lab.bench;

import lab.gen.Generator;
import lab.gen.Yielder;

/** Prints nanoseconds per resume+yield for both generator implementations and their ratio, in about two seconds. */
public final class Quick {

    private static long sink;

    private Quick() {
    }

    /** Step 1 warms up both implementations, step 2 times them, step 3 prints the figures. */
    public static void main(String[] args) {
        if (Generator.implementation() != Generator.Implementation.CONTINUATIONS) {
            System.err.println("Quick compares both implementations: run it with"
                    + " --add-exports java.base/jdk.internal.vm=ALL-UNNAMED (see bench/README.md)");
            System.exit(2);
        }
        // step 1: warm up, so that the timed runs measure compiled code
        time(Generator.onContinuations(Quick::count), 300);
        time(Generator.onThreads(Quick::count), 300);
        // step 2: time each for about 700 ms
        double continuations = time(Generator.onContinuations(Quick::count), 700);
        double threads = time(Generator.onThreads(Quick::count), 700);
        // step 3: report
        System.out.printf("continuations: %8.1f ns per resume+yield%n", continuations);
        System.out.printf("threads:       %8.1f ns per resume+yield%n", threads);
        System.out.printf("threads / continuations = %.1f  (of() uses %s here)%n",
                threads / continuations, Generator.implementation());
    }

    private static void count(Yielder<Long, Void> y) {
        long i = 0;
        while (true) {
            y.yield(i++);
        }
    }

    /** Resumes {@code g} in batches for about {@code millis} ms and returns the mean ns per next(). */
    private static double time(Generator<Long, Void> g, long millis) {
        long n = 0;
        long start = System.nanoTime();
        long deadline = start + millis * 1_000_000;
        long now;
        do {
            for (int i = 0; i < 1_000; i++) {
                sink += g.next();
            }
            n += 1_000;
            now = System.nanoTime();
        } while (now < deadline);
        g.close();
        return (now - start) / (double) n;
    }
}
