package lab.gen;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import lab.gen.Generator.Implementation;

/** Picks and creates the implementation of a generator, and turns a body's failure into what send throws. */
final class Implementations {

    static final String FLAG = "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED";
    static final String PROPERTY = "lab.generators";
    static final String FALLBACK_NOTICE = "lab.gen: generators run on threads here (slower, one at a time); add "
            + FLAG + " to run them on continuations.";

    private static final AtomicBoolean NOTICED = new AtomicBoolean();

    private Implementations() {
    }

    /** Returns whether java.base exports jdk.internal.vm to this code, so that Continuation may be used. */
    static boolean continuationsAllowed() {
        return Object.class.getModule().isExported("jdk.internal.vm", Generator.class.getModule());
    }

    /** Returns the implementation that Generator.of uses in this JVM. */
    static Implementation chosen() {
        if (Choice.CHOSEN == null) {
            throw new IllegalArgumentException("system property " + PROPERTY + "=" + System.getProperty(PROPERTY)
                    + " is not understood: expected continuations or threads (or leave it unset to choose automatically)");
        }
        return Choice.CHOSEN;
    }

    /** Creates a generator on the implementation chosen for this JVM; the first fallback to threads prints one notice. */
    static <Y, S> Generator<Y, S> createChosen(String name, Body<Y, S> body) {
        Implementation impl = chosen();
        if (Choice.FELL_BACK && NOTICED.compareAndSet(false, true)) {
            System.err.println(FALLBACK_NOTICE);
        }
        return create(impl, name, body);
    }

    /** Creates a generator on {@code impl}. */
    static <Y, S> Generator<Y, S> create(Implementation impl, String name, Body<Y, S> body) {
        if (body == null) {
            throw new NullPointerException("body is null: pass the generator's code, e.g. y -> { y.yield(1); }");
        }
        return switch (impl) {
            case CONTINUATIONS -> {
                if (!Choice.ALLOWED) {
                    throw new IllegalStateException("generators on continuations need the JVM option " + FLAG
                            + " (java, jshell and surefire's argLine all need it); without it use Generator.of or Generator.onThreads");
                }
                // only reached with the export: loading ContinuationGenerator without it would fail with IllegalAccessError
                yield new ContinuationGenerator<>(name, body);
            }
            case THREADS -> new ThreadGenerator<>(name, body);
        };
    }

    /** Returns what send throws for a body that threw {@code t}: the same object if unchecked, else wrapped. */
    static RuntimeException rethrow(Throwable t) {
        // as Python since PEP 479: a StopIteration escaping the body is a bug in the body (often an unguarded send
        // to a finished inner generator), not this generator's end, so it must not pass for one
        if (t instanceof StopIteration) {
            throw new IllegalStateException("the generator's body threw StopIteration (did it send to a finished"
                    + " generator without catching it?); a body ends by returning", t);
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new GeneratorException(t);
    }

    /** The choice made once per JVM (lazily, on first use). */
    private static final class Choice {
        static final boolean ALLOWED = continuationsAllowed();
        static final Implementation CHOSEN;
        /** Whether of(...) uses threads only because the export is missing (so the learner gets one notice). */
        static final boolean FELL_BACK;

        static {
            String forced = System.getProperty(PROPERTY);
            if (forced == null || forced.isBlank()) {
                // learners press an IDE's run button or open a plain jshell without the flag: the lab must still
                // work there, so fall back to threads; the verifiers always pass the flag and get continuations
                CHOSEN = ALLOWED ? Implementation.CONTINUATIONS : Implementation.THREADS;
                FELL_BACK = !ALLOWED;
            } else {
                CHOSEN = switch (forced.trim().toLowerCase(Locale.ROOT)) {
                    case "continuations" -> Implementation.CONTINUATIONS;
                    case "threads" -> Implementation.THREADS;
                    default -> null; // reported by chosen(), not here: a failed class initializer hides the message later
                };
                FELL_BACK = false;
            }
        }
    }
}
