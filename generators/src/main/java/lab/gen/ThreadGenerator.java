package lab.gen;

import java.lang.ref.Cleaner;
import java.util.concurrent.locks.LockSupport;

/**
 * A generator whose body runs on a virtual thread of its own, with control handed back and forth one side at a time.
 *
 * <p>The hand-off: each side writes its data, sets the volatile {@code turn} to the other side and unparks it, then
 * parks until the turn comes back. The volatile write and read order the plain fields between the two threads.
 * The body's thread holds only the {@link Channel}, not this object, so an abandoned generator can be collected;
 * a cleaner then throws GeneratorExit at the body's yield and the thread ends (virtual threads never keep the JVM
 * alive anyway).
 */
final class ThreadGenerator<Y, S> implements Generator<Y, S> {

    private static final Cleaner CLEANER = Cleaner.create(Thread.ofPlatform().daemon().name("lab.gen cleaner").factory());

    private final Channel<Y, S> channel;

    private final String name;

    ThreadGenerator(String name, Body<Y, S> body) {
        this.name = name != null ? name : "generator@" + Integer.toHexString(System.identityHashCode(this));
        this.channel = new Channel<>(body);
    }

    @Override
    public Y send(S value) {
        Channel<Y, S> ch = channel;
        switch (ch.state) {
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
        ch.transfer = value;
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
        return channel.state == State.DONE;
    }

    @Override
    public State state() {
        return channel.state;
    }

    @Override
    public void close() {
        Channel<Y, S> ch = channel;
        switch (ch.state) {
            case NEW -> ch.state = State.DONE;
            case DONE -> { }
            case RUNNING -> throw new IllegalStateException("generator already executing");
            case SUSPENDED -> {
                ch.closing = true;
                ch.transfer = null;
                try {
                    resume();
                } catch (GeneratorExit | StopIteration expected) {
                    return; // the body let GeneratorExit through, or returned
                }
                throw new IllegalStateException("generator ignored GeneratorExit");
            }
        }
    }

    /** Hands control to the body and waits until it yields (returns the value) or finishes (throws). */
    @SuppressWarnings("unchecked")
    private Y resume() {
        Channel<Y, S> ch = channel;
        boolean first = ch.state == State.NEW;
        ch.state = State.RUNNING;
        ch.resumer = Thread.currentThread();
        ch.turn = Channel.BODY;
        if (first) {
            Thread t = Thread.ofVirtual().name("lab.gen generator body").unstarted(ch::runBody);
            ch.bodyThread = t;
            CLEANER.register(this, ch::abandon);
            t.start();
        } else {
            LockSupport.unpark(ch.bodyThread);
        }
        ch.awaitTurn(Channel.CALLER);
        if (ch.state == State.SUSPENDED) {
            Object value = ch.transfer;
            ch.transfer = null;
            return (Y) value;
        }
        Throwable t = ch.failure;
        ch.failure = null;
        if (t != null) {
            throw Implementations.rethrow(t);
        }
        throw new StopIteration();
    }

    /** What the resumer and the body's thread share; also the body's Yielder. */
    private static final class Channel<Y, S> implements Yielder<Y, S> {
        static final int CALLER = 0;
        static final int BODY = 1;

        final Body<Y, S> body;
        volatile int turn = CALLER;
        State state = State.NEW;
        Object transfer;        // the sent value on the way in, the yielded value on the way out
        Throwable failure;
        boolean closing;        // the next resume throws GeneratorExit at the yield
        volatile boolean abandoned; // the generator was garbage-collected: every yield throws GeneratorExit
        Thread resumer;
        Thread bodyThread;

        Channel(Body<Y, S> body) {
            this.body = body;
        }

        void runBody() {
            try {
                body.run(this);
            } catch (Throwable t) {
                failure = t;
            } finally {
                state = State.DONE;
                transfer = null;
                Thread r = resumer;
                turn = CALLER;
                LockSupport.unpark(r);
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        public S yield(Y value) {
            if (Thread.currentThread() != bodyThread || state != State.RUNNING) {
                throw new IllegalStateException(state == State.RUNNING
                        ? "yield called from outside this generator's body: another generator's body (or another"
                                + " thread) is running now; each body may only use the Yielder it was given"
                        : "yield called on a generator that is " + state + ": a Yielder works only while its own"
                                + " body runs (did it escape the body, e.g. into a lambda called later?)");
            }
            if (abandoned) {
                throw new GeneratorExit();
            }
            transfer = value;
            state = State.SUSPENDED;
            Thread r = resumer;
            turn = CALLER;
            LockSupport.unpark(r);
            awaitTurn(BODY);
            if (closing || abandoned) {
                closing = false;
                throw new GeneratorExit();
            }
            Object received = transfer;
            transfer = null;
            return (S) received;
        }

        /** Parks until it is {@code side}'s turn; an interrupt does not cut the wait short, it is kept for later. */
        void awaitTurn(int side) {
            boolean interrupted = false;
            while (turn != side) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        /** Runs on the cleaner's thread once the generator is unreachable: unwinds a suspended body with GeneratorExit. */
        void abandon() {
            abandoned = true;
            if (turn == CALLER && state == State.SUSPENDED) {
                state = State.RUNNING;
                turn = BODY;
                LockSupport.unpark(bodyThread);
            }
        }
    }
}
