package lab.gen;

/**
 * A Python-style generator: a body that runs only while someone resumes it, and hands values back at each yield.
 *
 * <p>Example:
 * <pre>{@code
 * Generator<Integer, Void> counter = Generator.of(y -> {
 *     for (int i = 0; i < 3; i++) y.yield(i);
 * });
 * counter.next(); // 0
 * counter.next(); // 1
 * counter.next(); // 2
 * counter.next(); // throws StopIteration
 * }</pre>
 *
 * <p>A generator is resumed by one thread at a time, like a Python generator; it is not made for concurrent use.
 *
 * @param <Y> the type of the values the body yields
 * @param <S> the type of the values sent in with {@link #send}
 */
public sealed interface Generator<Y, S> permits ContinuationGenerator, ThreadGenerator {

    /** Creates a generator on continuations if this JVM allows it, otherwise on threads (see {@link #implementation()}). */
    static <Y, S> Generator<Y, S> of(Body<Y, S> body) {
        return Implementations.createChosen(null, body);
    }

    /** Like {@link #of(Body)}, with a name that {@code toString} shows, e.g. in a scheduler's error messages. */
    static <Y, S> Generator<Y, S> of(String name, Body<Y, S> body) {
        return Implementations.createChosen(name, body);
    }

    /** Creates a generator on continuations, or throws IllegalStateException naming the missing JVM flag. */
    static <Y, S> Generator<Y, S> onContinuations(Body<Y, S> body) {
        return Implementations.create(Implementation.CONTINUATIONS, null, body);
    }

    /** Creates a generator whose body runs on its own thread. */
    static <Y, S> Generator<Y, S> onThreads(Body<Y, S> body) {
        return Implementations.create(Implementation.THREADS, null, body);
    }

    /** Returns the implementation that {@link #of} uses in this JVM. */
    static Implementation implementation() {
        return Implementations.chosen();
    }

    /** Resumes the body with {@code value} and returns the next value it yields; throws StopIteration when it is done. */
    Y send(S value);

    /** Resumes the body with {@code null} and returns the next value it yields; throws StopIteration when it is done. */
    default Y next() {
        return send(null);
    }

    /** Returns whether the body has finished (returned, thrown, or been closed). */
    boolean isDone();

    /** Returns where the generator is in its lifecycle. */
    State state();

    /** Returns the generator's name, given to {@link #of(String, Body)}, or a made-up one like {@code generator@1b6d3586}. */
    String name();

    /** Finishes the generator: a suspended body gets a GeneratorExit thrown at its yield. */
    void close();

    /**
     * Where a generator is in its lifecycle.
     *
     * <pre>
     *  NEW -> RUNNING         // first send(null) starts the body
     *  RUNNING -> SUSPENDED   // the body yields
     *  SUSPENDED -> RUNNING   // send(v), or close() which throws GeneratorExit at the yield
     *  RUNNING -> DONE        // the body returns or throws
     *  NEW -> DONE            // close() before the first send
     * </pre>
     *
     * <p>send on DONE throws StopIteration; send or close on RUNNING (from inside the body) throws IllegalStateException.
     */
    enum State {
        /** Created; the body has not started. */
        NEW,
        /** Stopped at a yield, waiting for send. */
        SUSPENDED,
        /** The body is running (a send is in progress). */
        RUNNING,
        /** The body has finished; send throws StopIteration. */
        DONE
    }

    /** How a generator runs its body. */
    enum Implementation {
        /** On the resumer's own thread, with a {@code jdk.internal.vm.Continuation} (fast). */
        CONTINUATIONS,
        /** On a thread of its own, handing control back and forth (slower; works without JVM flags). */
        THREADS
    }
}
