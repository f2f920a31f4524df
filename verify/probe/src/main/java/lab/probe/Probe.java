package lab.probe;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The child-JVM side of a check: runs a scenario that calls learner code, and reports what happened as
 * {@link Event}s on a channel that learner code has no handle to.
 *
 * <p>Before the scenario touches any learner class the probe reads the checker's port and token from stdin,
 * connects, hides stdin, and routes {@code System.out} and {@code System.err} into the channel, so a line the
 * learner prints is an {@link Event.Output}, never an event. Only a probe (a class of a {@code lab.verify}
 * package) may report facts.
 */
public final class Probe {

    /** System property carrying the watchdog's deadline in milliseconds. */
    public static final String DEADLINE_PROPERTY = "lab.probe.deadlineMillis";

    /** Exit codes of the child JVM; the checker reads the verdict from events, these only help to diagnose. */
    public static final int EXIT_DONE = 0, EXIT_THREW = 3, EXIT_TIMEOUT = 124, EXIT_ORPHANED = 125, EXIT_NO_CHANNEL = 126;

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    /** Threads of the probe itself, never reported as new. */
    private static final Set<Thread> OWN = ConcurrentHashMap.newKeySet();

    /** Threads already reported, so each is reported once. */
    private static final Set<Thread> REPORTED = ConcurrentHashMap.newKeySet();

    /** Counts every platform thread started, also one that ends before a look at the live threads could see it. */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Threads started before the scenario, and the probe's own since. */
    private static volatile long startedBefore;
    private static final AtomicLong OWN_STARTED = new AtomicLong();
    private static long startedReported; // guarded by Probe.class

    private static volatile Channel channel;
    private static volatile Thread stdinWatch;
    private static volatile Set<Thread> before = Set.of();
    private static Lines out, err;

    /** A scenario: the code a probe runs in the child JVM, given the probe's arguments. */
    @FunctionalInterface
    public interface Scenario {
        /** Runs the scenario. */
        void run(String[] args) throws Exception;
    }

    private Probe() {}

    /** Opens the channel, runs a scenario on this (main) thread under the watchdog, reports how it ended, and halts. */
    public static void main(String[] args, Scenario scenario) {
        requireProbe(WALKER.getCallerClass());
        InputStream stdin = System.in;
        try {
            channel = Channel.open(stdin);
        } catch (Exception e) {
            System.err.println("lab.probe: cannot reach the checker: " + e.getMessage());
            Runtime.getRuntime().halt(EXIT_NO_CHANNEL);
        }
        // the checker keeps our stdin open while it waits for us: its end means nobody will read our report. The
        // read is on an interruptible channel, so that end() can take the thread out of it: the JVM's exit waits
        // 300 ms for a thread blocked in a native read
        var stdinChannel = new FileInputStream(FileDescriptor.in).getChannel();
        stdinWatch = own(Thread.ofPlatform().daemon().name("lab-stdin-watch").unstarted(() -> {
            try {
                while (stdinChannel.read(ByteBuffer.allocate(64)) >= 0) {
                    // nothing else comes on stdin
                }
            } catch (ClosedByInterruptException ending) {
                return; // end() is under way
            } catch (Exception ignored) {
                // same as the end of input
            }
            Runtime.getRuntime().halt(EXIT_ORPHANED);
        }));
        stdinWatch.start();
        System.setIn(InputStream.nullInputStream());
        out = new Lines(channel, false);
        err = new Lines(channel, true);
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));

        var main = Thread.currentThread();
        // the JDK starts a daemon "VirtualThread-unblocker" when it first sets up virtual threads, which the
        // generators' continuations do: let it start now, so that only threads learner code starts count as new
        Thread.ofVirtual().unstarted(() -> {});
        before = Set.copyOf(Thread.getAllStackTraces().keySet());
        startedBefore = THREADS.getTotalStartedThreadCount();
        OWN_STARTED.set(0); // from here on, the probe's own starts are counted apart
        startWatchdog(main, Long.getLong(DEADLINE_PROPERTY, 10_000));
        // a System.exit runs the shutdown hooks: say who called it before the JVM goes
        var exitReporter = new Thread(Probe::reportExit, "lab-exit-reporter");
        OWN.add(exitReporter); // started only by an exit, so not counted among the probe's own starts
        Runtime.getRuntime().addShutdownHook(exitReporter);
        Event last;
        try {
            scenario.run(args);
            reportNewThreads(main);
            last = new Event.Done();
        } catch (Throwable t) {
            last = thrown(t);
        }
        end(last, last instanceof Event.Done ? EXIT_DONE : EXIT_THREW);
    }

    /** Reports a fact to the checker, e.g. {@code fact("listening", port)}. Only a probe may call this. */
    public static void fact(String name, Object... values) {
        requireProbe(WALKER.getCallerClass());
        List<String> texts = new ArrayList<>(values.length);
        for (Object v : values) texts.add(String.valueOf(v));
        send(new Event.Fact(name, texts));
    }

    /**
     * Reports every thread that appears while the scenario runs, every 20 ms, for scenarios that never return on
     * their own, such as a server. Threads that were there before the scenario and the probe's own are left out.
     */
    public static void watchThreads() {
        requireProbe(WALKER.getCallerClass());
        var main = Thread.currentThread();
        own(Thread.ofPlatform().daemon().name("lab-thread-watch").unstarted(() -> {
            while (true) {
                reportNewThreads(main);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        })).start();
    }

    /** Starts a daemon thread of the probe's own (a helper of the scenario), never reported as new. */
    public static Thread helper(String name, Runnable body) {
        requireProbe(WALKER.getCallerClass());
        Thread t = own(Thread.ofPlatform().daemon().name(name).unstarted(body));
        t.start();
        return t;
    }

    /** Formats frames innermost first, up to the probe's own frames (below them is the harness, not the learner). */
    public static List<String> frames(StackTraceElement[] stack) {
        List<String> out = new ArrayList<>();
        for (StackTraceElement f : stack) {
            String c = f.getClassName();
            if (c.startsWith("lab.verify.") || c.startsWith("lab.probe.")) break;
            out.add(f.toString());
            if (out.size() == Event.LIST_LIMIT) break;
        }
        return out;
    }

    // ---- internals ---------------------------------------------------------------------------------------------

    /** Refuses a caller that is not a probe: learner classes live in package {@code lab} only. */
    private static void requireProbe(Class<?> caller) {
        String name = caller.getName();
        if (!name.startsWith("lab.verify.") && !name.startsWith("lab.probe.")) {
            throw new IllegalCallerException("only the lab's probes report to the checker, not " + name);
        }
    }

    private static void send(Event event) {
        Channel c = channel;
        if (c == null) throw new IllegalStateException("the probe has not started: call Probe.main first");
        c.send(event);
    }

    /** Marks a thread the probe is about to start as its own. */
    private static Thread own(Thread t) {
        OWN.add(t);
        OWN_STARTED.incrementAndGet();
        return t;
    }

    /**
     * Reports each live thread that is new since the scenario began, by name, and the count of all threads started
     * since (fact {@code threads-started}), which also counts one that lived too briefly to be seen.
     */
    private static void reportNewThreads(Thread main) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t != main && !before.contains(t) && !OWN.contains(t) && t.isAlive() && REPORTED.add(t)) {
                send(new Event.NewThread(t.getName(), t.isDaemon()));
            }
        }
        long started = THREADS.getTotalStartedThreadCount() - startedBefore - OWN_STARTED.get();
        synchronized (Probe.class) {
            if (started > startedReported) {
                startedReported = started;
                send(new Event.Fact("threads-started", List.of(String.valueOf(started))));
            }
        }
    }

    /** Sends the last event and halts: learner threads must not keep the JVM alive, and no shutdown hook may run. */
    private static void end(Event last, int code) {
        synchronized (Probe.class) {
            out.finish();
            err.finish();
            send(last);
            stdinWatch.interrupt();
            try {
                stdinWatch.join(100);
            } catch (InterruptedException ignored) {
                // halting anyway
            }
            Runtime.getRuntime().halt(code);
        }
    }

    /** What learner code threw, read defensively: its message, text or stack may themselves throw. */
    static Event.Thrown thrown(Throwable t) {
        String message = safely(() -> String.valueOf(t.getMessage()), "getMessage()");
        List<String> frames;
        try {
            frames = frames(t.getStackTrace());
        } catch (Throwable broken) {
            frames = List.of("(its getStackTrace() threw " + broken.getClass().getName() + ")");
        }
        return new Event.Thrown(t.getClass().getName(), message, frames);
    }

    private static String safely(Supplier<String> s, String what) {
        try {
            return s.get();
        } catch (Throwable broken) {
            return "(its " + what + " threw " + broken.getClass().getName() + ")";
        }
    }

    private static void startWatchdog(Thread main, long deadlineMillis) {
        own(Thread.ofPlatform().daemon().name("lab-watchdog").unstarted(() -> {
            try {
                Thread.sleep(deadlineMillis);
            } catch (InterruptedException e) {
                return;
            }
            end(new Event.Timeout(deadlineMillis, frames(main.getStackTrace())), EXIT_TIMEOUT);
        })).start();
    }

    private static void reportExit() {
        List<String> where = List.of();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            StackTraceElement[] stack = e.getValue();
            if (Arrays.stream(stack).anyMatch(f -> f.getClassName().equals("java.lang.Shutdown") && f.getMethodName().equals("exit"))) {
                where = frames(stack);
            }
        }
        out.finish();
        err.finish();
        send(new Event.Exited(where));
    }
}
