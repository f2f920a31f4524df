package lab;

import lab.gen.Generator;

/** The tasks of step 01: two generators that print and yield, as in the original lesson. */
public final class Tasks {

    private Tasks() {}

    // tag::countdown[]
    /** A task that prints {@code T-minus n} down to 1, yielding after each line. */
    public static Generator<Void, Void> countdown(int n) {
        // BEGIN SOLUTION countdown(n) [step01-generators]: return Generator.of(y -> ...) that prints "T-minus " + i for i = n down to 1 and calls y.yield() after each line
        return Generator.of(y -> {
            for (int i = n; i > 0; i--) {
                System.out.println("T-minus " + i);
                y.yield();
            }
        });
        // END SOLUTION
    }
    // end::countdown[]

    // tag::countup[]
    /** A task that prints {@code Up we go x} for x from 0 to n - 1, yielding after each line. */
    public static Generator<Void, Void> countup(int n) {
        // BEGIN SOLUTION countup(n) [step01-generators]: like countdown, but print "Up we go " + x for x = 0 up to n - 1
        return Generator.of(y -> {
            for (int x = 0; x < n; x++) {
                System.out.println("Up we go " + x);
                y.yield();
            }
        });
        // END SOLUTION
    }
    // end::countup[]
}
