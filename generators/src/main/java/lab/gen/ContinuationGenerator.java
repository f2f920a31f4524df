package lab.gen;

import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

/**
 * A generator whose body runs on the resumer's own thread, inside a one-shot delimited continuation.
 *
 * <p>Load this class only when java.base exports jdk.internal.vm to it (see {@link Implementations}).
 */
final class ContinuationGenerator<Y, S> implements Generator<Y, S> {

    /** The one scope of all generators: a yield suspends the innermost generator running on this thread. */
    private static final ContinuationScope SCOPE = new ContinuationScope("lab.gen.Generator");

    private static final String HOLDING_A_LOCK = "yield can't be called while holding a lock: the body called yield"
            + " inside a synchronized block or method, and a suspended generator would keep the lock so that every"
            + " other generator that needs it blocks forever; move the yield out of the synchronized block";

    private final Body<Y, S> body;
    private final BodyContinuation continuation = new BodyContinuation();
    private final Yielder<Y, S> yielder = new ContinuationYielder();

    private State state = State.NEW;
    private S sent;          // from send to the yield that returns it
    private Y yielded;       // from the yield to the send that returns it
    private Throwable failure;
    private boolean closing; // the next resume throws GeneratorExit at the yield

    private final String name;

    ContinuationGenerator(String name, Body<Y, S> body) {
        this.name = name != null ? name : "generator@" + Integer.toHexString(System.identityHashCode(this));
        this.body = body;
    }

    @Override
    public Y send(S value) {
        switch (state) {
            case SUSPENDED -> { }
            case NEW -> {
                if (value != null) {
                    throw new IllegalStateException("can't send non-null value to a just-started generator"
                            + " (sent " + value + "; start it with next() or send(null))");
                }
            }
            case RUNNING -> throw new IllegalStateException("generator already executing");
            case DONE -> throw new StopIteration();
        }
        sent = value;
        return resume();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name + " (" + state() + ")";
    }

    @Override
    public boolean isDone() {
        return state == State.DONE;
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public void close() {
        switch (state) {
            case NEW -> state = State.DONE;
            case DONE -> { }
            case RUNNING -> throw new IllegalStateException("generator already executing");
            case SUSPENDED -> {
                closing = true;
                sent = null;
                try {
                    resume();
                } catch (GeneratorExit | StopIteration expected) {
                    return; // the body let GeneratorExit through, or returned
                }
                throw new IllegalStateException("generator ignored GeneratorExit");
            }
        }
    }

    /** Runs the body until it yields (returns the value) or finishes (throws what it threw, or StopIteration). */
    private Y resume() {
        state = State.RUNNING;
        continuation.run();
        if (state == State.SUSPENDED) {
            Y value = yielded;
            yielded = null;
            return value;
        }
        Throwable t = failure;
        failure = null;
        if (t != null) {
            throw Implementations.rethrow(t);
        }
        throw new StopIteration();
    }

    private void runBody() {
        try {
            body.run(yielder);
        } catch (Throwable t) {
            failure = t;
        } finally {
            state = State.DONE;
            sent = null;
        }
    }

    /**
     * The continuation of one generator; it turns pinning into a message a learner can act on.
     *
     * <p>Since JDK 24 (JEP 491) a monitor no longer pins: a yield inside synchronized suspends the body and the
     * suspended generator keeps the lock, as the thread implementation does. The JVM still pins under a native
     * frame (a class initializer, a native callback). Continuation.isPinned can't stand in for a monitor check:
     * it counts the monitors the resumer holds outside the body too, and costs about as much as a yield.
     */
    private final class BodyContinuation extends Continuation {

        BodyContinuation() {
            super(SCOPE, ContinuationGenerator.this::runBody);
        }

        @Override
        protected void onPinned(Continuation.Pinned reason) {
            state = State.RUNNING; // the yield did not happen: the body keeps running and gets this exception
            yielded = null;
            throw new IllegalStateException(switch (reason) {
                case MONITOR -> HOLDING_A_LOCK;
                case NATIVE -> "yield can't be called here: a native frame is on the stack between the body and"
                        + " the yield (a class initializer, a native callback, or a reflective call); yield from"
                        + " plain Java code";
                case CRITICAL_SECTION, EXCEPTION -> "yield can't be called here: the JVM can't suspend the body"
                        + " right now (" + reason + ")";
            });
        }
    }

    /** The body's handle: yield suspends the continuation, after checking it is the one running here. */
    private final class ContinuationYielder implements Yielder<Y, S> {

        @Override
        public S yield(Y value) {
            if (Continuation.getCurrentContinuation(SCOPE) != continuation) {
                throw new IllegalStateException(state == State.RUNNING
                        ? "yield called from outside this generator's body: another generator's body (or another"
                                + " thread) is running now; each body may only use the Yielder it was given"
                        : "yield called on a generator that is " + state + ": a Yielder works only while its own"
                                + " body runs (did it escape the body, e.g. into a lambda called later?)");
            }
            yielded = value;
            state = State.SUSPENDED;
            Continuation.yield(SCOPE);
            if (closing) {
                closing = false;
                throw new GeneratorExit();
            }
            S received = sent;
            sent = null;
            return received;
        }
    }
}
