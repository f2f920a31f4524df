package lab.verify;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import lab.gen.Generator;
import lab.gen.StopIteration;

/**
 * The child-JVM side of a verifier run: calls learner code and reports what happened as marker lines on stdout.
 *
 * <p>Everything the learner prints stays on stdout as it is; the probe's own lines start with {@link #MARK}
 * and are read back by {@link Run}. One line per fact:
 * <pre>
 *   MARK event NAME VALUES...     a fact the scenario reports (a port, a thread, a count)
 *   MARK error CLASS \t MESSAGE \t FRAMES   learner code threw
 *   MARK timeout MILLIS \t FRAMES  the watchdog fired; FRAMES is where the main thread was
 *   MARK exit-called FRAMES       learner code called System.exit
 *   MARK stray-thread NAME        learner code left a non-daemon thread running
 *   MARK done                     the scenario returned
 * </pre>
 * FRAMES is a list of stack frames separated by " <- ", innermost first.
 */
public final class Probe {

    /** The prefix of every line the probe writes; learner output never starts with it. */
    public static final String MARK = "@@lab ";

    /** System property carrying the watchdog's deadline in milliseconds. */
    static final String DEADLINE_PROPERTY = "lab.probe.deadlineMillis";

    /** Exit codes of the child JVM. */
    static final int EXIT_DONE = 0, EXIT_ERROR = 3, EXIT_TIMEOUT = 124;

    private static final PrintStream OUT = System.out;

    /** Threads already reported as stray, so each is reported once. */
    private static final Set<Thread> REPORTED = ConcurrentHashMap.newKeySet();

    /** Thread names already reported by {@link #recordingThreads}. */
    private static final Set<String> RESUMED_ON = ConcurrentHashMap.newKeySet();

    private static volatile Set<Thread> before = Set.of();

    /** A scenario: the code a probe runs in the child JVM, given the probe's arguments. */
    @FunctionalInterface
    public interface Scenario {
        /** Runs the scenario. */
        void run(String[] args) throws Exception;
    }

    private Probe() {}

    /** Runs a scenario on this (main) thread under the watchdog, reports how it ended, and halts the JVM. */
    public static void main(String[] args, Scenario scenario) {
        var main = Thread.currentThread();
        before = Set.copyOf(Thread.getAllStackTraces().keySet());
        startWatchdog(main, Long.getLong(DEADLINE_PROPERTY, 10_000));
        // a learner's System.exit runs the shutdown hooks: say who called it before the JVM goes
        Runtime.getRuntime().addShutdownHook(new Thread(Probe::reportExitCaller, "lab-exit-reporter"));
        int code = EXIT_DONE;
        try {
            scenario.run(args);
        } catch (Throwable t) {
            reportError(t);
            code = EXIT_ERROR;
        }
        reportStrayThreads(main);
        line("done");
        OUT.flush();
        System.err.flush();
        // halt, not exit: stray threads must not keep the JVM alive and our exit hook must not fire
        Runtime.getRuntime().halt(code);
    }

    private static void reportStrayThreads(Thread main) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(t) && t.isAlive() && !t.isDaemon() && t != main && REPORTED.add(t)) {
                line("stray-thread " + t.getName().replace(' ', '_'));
            }
        }
    }

    /**
     * Reports every non-daemon thread learner code starts while the scenario runs, as it appears (every 20 ms),
     * for scenarios that never return on their own, such as a server.
     */
    public static void watchThreads() {
        var main = Thread.currentThread();
        var watcher = new Thread(() -> {
            while (true) {
                reportStrayThreads(main);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "lab-thread-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * Wraps a task so that every resume reports the thread it runs on, once per thread, as event
     * {@code resumed-on NAME}; the wrapper yields what the task yields and passes on what it is sent.
     */
    public static Generator<Object, Object> recordingThreads(Generator<?, ?> task) {
        @SuppressWarnings("unchecked")
        var inner = (Generator<Object, Object>) task;
        return Generator.of(task.name(), y -> {
            Object sent = null;
            while (true) {
                String name = Thread.currentThread().getName().replace(' ', '_');
                if (RESUMED_ON.add(name)) event("resumed-on", name);
                Object request;
                try {
                    request = inner.send(sent);
                } catch (StopIteration done) {
                    return;
                }
                sent = y.yield(request);
            }
        });
    }

    /** Reports a fact to the verifier, e.g. {@code event("listening", port)}. */
    public static void event(String name, Object... values) {
        var sb = new StringBuilder("event ").append(name);
        for (Object v : values) sb.append(' ').append(v);
        line(sb.toString());
    }

    static void line(String text) {
        synchronized (OUT) {
            OUT.print(MARK);
            OUT.println(text);
            OUT.flush();
        }
    }

    private static void reportError(Throwable t) {
        line("error " + t.getClass().getName() + "\t" + escape(String.valueOf(t.getMessage())) + "\t" + frames(t.getStackTrace()));
    }

    private static void startWatchdog(Thread main, long deadlineMillis) {
        var watchdog = new Thread(() -> {
            try {
                Thread.sleep(deadlineMillis);
            } catch (InterruptedException e) {
                return;
            }
            line("timeout " + deadlineMillis + "\t" + frames(main.getStackTrace()));
            OUT.flush();
            Runtime.getRuntime().halt(EXIT_TIMEOUT);
        }, "lab-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private static void reportExitCaller() {
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            StackTraceElement[] stack = e.getValue();
            for (StackTraceElement f : stack) {
                if (f.getClassName().equals("java.lang.Shutdown") && f.getMethodName().equals("exit")) {
                    line("exit-called " + frames(stack));
                    OUT.flush();
                    return;
                }
            }
        }
        line("exit-called unknown");
        OUT.flush();
    }

    /** Formats frames innermost first, dropping the JVM's and the harness's own frames at the ends. */
    static String frames(StackTraceElement[] stack) {
        List<String> out = new ArrayList<>();
        for (StackTraceElement f : stack) {
            if (f.getClassName().startsWith("lab.verify.")) break; // below here is the probe itself
            out.add(f.toString());
        }
        return out.isEmpty() ? "-" : out.stream().limit(40).collect(Collectors.joining(" <- "));
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    }

    static String unescape(String s) {
        var sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(switch (n) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> n;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
