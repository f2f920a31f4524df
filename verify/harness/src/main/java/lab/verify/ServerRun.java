package lab.verify;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A learner's server running in a child JVM, for network checks: the port it listens on, what it printed and
 * reported so far, and, when a check fails because the server died, the reason it died instead of the symptom
 * the clients saw ("tcpServer is not written yet", not "connection refused").
 *
 * <p>The probe reports fact {@code listening PORT} once it has bound, fact {@code caller THREAD} with the
 * thread that runs the scheduler, and calls {@code Probe.watchThreads} before it starts the scheduler.
 */
public final class ServerRun implements AutoCloseable {

    private static final Words WORDS = Words.of(ServerRun.class);

    /** How long a server gets to bind and report its port (a JVM start, then listen()). */
    static final Duration STARTUP = Duration.ofSeconds(10);

    private final Run run;
    private final int port;
    private final String called;
    private final BookSection section;
    private final String loopHint;

    private ServerRun(Run run, int port, String called, BookSection section, String loopHint) {
        this.run = run;
        this.port = port;
        this.called = called;
        this.section = section;
        this.loopHint = loopHint;
    }

    /**
     * Starts {@code probe} with these arguments and waits until it reports its port.
     *
     * @param deadline  how long the server may live at most (the probe's watchdog stops it then)
     * @param called    what the probe runs, as the learner would write it, for messages
     * @param loopHint  the likely mistake if the server's JVM had to be stopped by the watchdog
     */
    public static ServerRun start(Sandbox sandbox, Class<?> probe, Duration deadline, String called,
                                  BookSection section, String loopHint, String... args) {
        Run run = sandbox.countingReads().start(probe, deadline, args);
        var server = new ServerRun(run, -1, called, section, loopHint);
        Optional<List<String>> listening = run.awaitFact("listening", STARTUP);
        if (listening.isEmpty()) {
            if (run.awaitExit(Duration.ofSeconds(2))) throw server.died(null, null);
            run.close();
            throw Failure.of(WORDS.say("ServerRun.start.headline", STARTUP.toSeconds()))
                    .called(called)
                    .row("output", Outcome.tail(run.outputSoFar(), 8))
                    .likely(WORDS.say("ServerRun.start.likely"))
                    .read(section)
                    .error();
        }
        int port = Integer.parseInt(listening.get().getFirst());
        requireOwnPort(run, port, called, section);
        // a JVM that ended right after it reported a port listens nowhere: whoever answers there is not the learner's
        if (!run.alive() || run.awaitExit(Duration.ofMillis(100))) throw server.died(null, null);
        return new ServerRun(run, port, called, section, loopHint);
    }

    /**
     * Fails unless the learner's JVM itself listens on the port its server reported, on loopback only: seen from
     * outside (the JVM's sockets in /proc), so a server object that names another process's port, or a server
     * open to the whole network, is caught. Where the system does not say, this is not checked.
     */
    private static void requireOwnPort(Run run, int port, String called, BookSection section) {
        var sockets = Containment.listening(run.pid());
        // a JVM that ended meanwhile (its server threw) holds no socket: its death is what to report, by the caller
        if (sockets.isEmpty() || !run.alive()) return;
        var mine = sockets.get().stream().filter(l -> l.port() == port).toList();
        // a JVM that is ending (its server threw) has closed its sockets already: its death is the reason, told by the caller
        if (mine.isEmpty() && run.awaitExit(Duration.ofMillis(500))) return;
        if (mine.isEmpty()) {
            run.close();
            throw Failure.of(WORDS.say("ServerRun.port.headline", port))
                    .called(called)
                    .expected(WORDS.say("ServerRun.port.expected", port))
                    .got(sockets.get().isEmpty() ? WORDS.say("ServerRun.port.got.none")
                            : WORDS.say("ServerRun.port.got", sockets.get().stream().map(l -> String.valueOf(l.port())).distinct().toList()))
                    .likely(WORDS.say("ServerRun.port.likely"))
                    .read(section)
                    .error();
        }
        if (mine.stream().anyMatch(l -> !l.loopback())) {
            run.close();
            throw Failure.of(WORDS.say("ServerRun.everywhere.headline"))
                    .called(called)
                    .expected(WORDS.say("ServerRun.everywhere.expected"))
                    .got(WORDS.say("ServerRun.everywhere.got", port))
                    .likely(WORDS.say("ServerRun.everywhere.likely"))
                    .read(section)
                    .error();
        }
    }

    /** The book section the checks against this server point at. */
    public BookSection section() {
        return section;
    }

    /** The port the server listens on, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The child JVM, for its output and events so far. */
    public Run run() {
        return run;
    }

    /**
     * Runs client-side checks; if they fail and the server's JVM has ended meanwhile, fails with why the server
     * ended instead (what it threw, where), since that is the learner's real problem.
     */
    public <T> T check(Supplier<T> clientSide) {
        return check(null, clientSide);
    }

    /** Like {@link #check(Supplier)}, saying {@code likelyIfDied} as the likely mistake when the server died. */
    public <T> T check(String likelyIfDied, Supplier<T> clientSide) {
        try {
            return clientSide.get();
        } catch (RuntimeException | Error t) {
            Throwable why = explain(t, likelyIfDied);
            if (why instanceof RuntimeException r) throw r;
            throw (Error) why;
        }
    }

    /**
     * What a check that failed with {@code thrown} should say: if the server's JVM has ended (or ends within a
     * moment), why it ended, in learner language, with {@code likelyIfDied} as the likely mistake; else
     * {@code thrown} itself.
     */
    public synchronized Throwable explain(Throwable thrown, String likelyIfDied) {
        if (thrown == explained) return thrown; // said once already, by an inner check
        if (!run.alive() || run.awaitExit(Duration.ofMillis(700))) explained = died(thrown, likelyIfDied);
        return explained != null ? explained : thrown;
    }

    private Throwable explained; // guarded by this: the failure already told for this server's death

    /** Like {@link #check(Supplier)}, for checks that return nothing. */
    public void check(Runnable clientSide) {
        check(null, clientSide);
    }

    /** Like {@link #check(String, Supplier)}, for checks that return nothing. */
    public void check(String likelyIfDied, Runnable clientSide) {
        check(likelyIfDied, () -> {
            clientSide.run();
            return null;
        });
    }

    /** Fails if the server's JVM has ended (or ends within a moment): a server must keep serving. */
    public void requireAlive(String after, String likelyIfDied) {
        if (!run.alive() || run.awaitExit(Duration.ofMillis(200))) {
            throw died(new AssertionError(WORDS.say("ServerRun.stopped", after)), likelyIfDied);
        }
    }

    /** The threads the scheduler resumed tasks on, as the probe reported them (fact {@code resumed-on}). */
    public List<String> resumedOn() {
        return run.factsSoFar("resumed-on").stream().map(List::getFirst).distinct().toList();
    }

    /**
     * The threads learner code started so far (see {@link Outcome#newThreads}), after a moment for the probe's
     * watcher, which looks every 20 ms, to report what the last clients made it start.
     */
    public List<String> newThreads() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return run.newThreadsSoFar();
    }

    /** How many clients the learner's server handed to a handler task so far (fact {@code handler}, one per call). */
    public int handlersMade() {
        return run.factsSoFar("handler").size();
    }

    /** What to do about accept's "Too many open files", in a failure's likely mistake, in the learner's language. */
    public static String catchAccept() {
        return WORDS.say("ServerRun.catchAccept");
    }

    /** How often the scheduler resumed tasks of this kind ({@code server} or {@code handler}) so far (fact {@code resumed KIND}). */
    public int resumes(String kind) {
        return (int) run.factsSoFar("resumed").stream().filter(v -> v.equals(List.of(kind))).count();
    }

    /**
     * How many reads from the client on this (client-side) port got bytes, so far (fact {@code read PORT}, counted in
     * the learner's classes by {@code lab.probe.Reads}), whether the handler read after a wait or first.
     */
    public int reads(int clientPort) {
        return (int) run.factsSoFar("read").stream().filter(v -> v.equals(List.of(String.valueOf(clientPort)))).count();
    }

    /** The most reads from clients one turn of a task made so far, a turn being a resume to the next yield (fact {@code turn-reads N}). */
    public long mostReadsInATurn() {
        return run.factsSoFar("turn-reads").stream().mapToLong(v -> Long.parseLong(v.getFirst())).max().orElse(0);
    }

    /** The thread that runs the scheduler, as the probe reported it (fact {@code caller}). */
    public String caller() {
        return run.factsSoFar("caller").stream().map(List::getFirst).findFirst().orElse("main");
    }

    private AssertionError died(Throwable clientSaw, String likely) {
        Outcome outcome = run.finish();
        Optional<Failure> f = outcome.failure(called, section, loopHint);
        Failure failure = f.or(() -> todoInLog(outcome)).or(() -> serverTaskFailed(outcome)).orElseGet(() -> Failure.of(WORDS.say("ServerRun.returned.headline"))
                .called(called)
                .row("output", Outcome.tail(outcome.output(), 8))
                .likely(WORDS.say("ServerRun.returned.likely"))
                .read(section));
        if (clientSaw != null && clientSaw.getMessage() != null) {
            failure.row("clients", WORDS.say("ServerRun.clientsSaw", clientSaw.getMessage().lines().findFirst().orElse("")));
        }
        if (likely != null && !outcome.error().map(Outcome.Thrown::isTodo).orElse(false)) failure.likely(likely);
        return failure.error();
    }

    /**
     * A skeleton's TODO that a task threw and the scheduler logged as a failed task (so run() went on and then
     * ended): that TODO, not the stopped server, is what the learner has to fix.
     */
    private Optional<Failure> todoInLog(Outcome outcome) {
        String marker = "UnsupportedOperationException: TODO "; // data
        return outcome.output().stream().filter(l -> l.contains(marker)).findFirst().map(line -> {
            String todo = line.substring(line.indexOf(marker) + marker.length());
            String method = todo.contains(":") ? todo.substring(0, todo.indexOf(':')) : WORDS.say("todo.someMethod");
            return Failure.of(WORDS.say("todo.headline", method))
                    .called(called)
                    .got(line.strip())
                    .likely(WORDS.say("todo.likely"))
                    .read(BookSection.named(line).orElse(section));
        });
    }

    /**
     * The server task that failed, as the scheduler logged it ("Task failed: tcpServer: ..."): with it gone, no
     * client is accepted, and run() returns once the last one leaves; that exception is what the learner must fix.
     */
    private Optional<Failure> serverTaskFailed(Outcome outcome) {
        return outcome.output().stream().filter(l -> l.contains("Task failed: tcpServer")).findFirst().map(line -> Failure // data
                .of(WORDS.say("ServerRun.taskFailed.headline"))
                .called(called)
                .got(line.strip())
                .likely(line.contains(TOO_MANY_FILES)
                        ? WORDS.say("ServerRun.taskFailed.likely.descriptors", catchAccept())
                        : WORDS.say("ServerRun.taskFailed.likely"))
                .read(line.contains(TOO_MANY_FILES) ? BookSection.DESCRIPTORS : section));
    }

    /** What the JDK says when a process is out of descriptors (its output, not words of the lab). */
    private static final String TOO_MANY_FILES = "Too many open files"; // data

    /** Stops the server's JVM. */
    @Override
    public void close() {
        run.close();
    }
}
