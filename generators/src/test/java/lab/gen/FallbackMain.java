package lab.gen;

/** Run in a child JVM without --add-exports: uses generators the way a learner's IDE run would, and prints what happened. */
public final class FallbackMain {

    private FallbackMain() {
    }

    /** Prints the implementation and a few values from two generators, or the error of a forced choice. */
    public static void main(String[] args) {
        try {
            System.out.println("implementation " + Generator.implementation());
            for (int round = 0; round < 2; round++) {
                Generator<Integer, Integer> g = Generator.of(y -> {
                    int total = 0;
                    while (true) {
                        Integer n = y.yield(total);
                        total += n;
                    }
                });
                g.next();
                g.send(1);
                System.out.println("total " + g.send(2) + " on " + g.getClass().getSimpleName());
                // g is left suspended on purpose: an abandoned generator must not keep this JVM alive
            }
            Generator<String, Void> forced = Generator.onContinuations(y -> y.yield("unexpected"));
            System.out.println("forced " + forced.next());
        } catch (IllegalStateException e) {
            System.out.println("refused: " + e.getMessage());
        }
    }
}
