package lab;

import lab.gen.Generator;

/** The tasks of step 01: two generators that print and yield, as in the original lesson. */
public final class Tasks {

    private Tasks() {}

    /** A task that prints {@code T-minus n} down to 1, yielding after each line. */
    public static Generator<Void, Void> countdown(int n) {
        // TODO countdown(n): return Generator.of(y -> ...) that prints "T-minus " + i for i = n down to 1 and calls y.yield() after each line
        //      Book: "Tasks as generators" (book/target/lab.html#step01-generators)
        throw new UnsupportedOperationException("TODO countdown(n): not written yet; see the book, \"Tasks as generators\" (book/target/lab.html#step01-generators)");
    }

    /** A task that prints {@code Up we go x} for x from 0 to n - 1, yielding after each line. */
    public static Generator<Void, Void> countup(int n) {
        // TODO countup(n): like countdown, but print "Up we go " + x for x = 0 up to n - 1
        //      Book: "Tasks as generators" (book/target/lab.html#step01-generators)
        throw new UnsupportedOperationException("TODO countup(n): not written yet; see the book, \"Tasks as generators\" (book/target/lab.html#step01-generators)");
    }
}
