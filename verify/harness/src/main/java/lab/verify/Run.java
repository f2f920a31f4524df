package lab.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import lab.probe.Event;

/**
 * One child JVM running a probe, seen from the checker: the events its probe reports on the channel, in order, and
 * how it ended. The verdict comes only from here; what the child writes on its own stdout and stderr (the JVM's
 * messages) is kept, capped, for diagnosis.
 *
 * <p>The run is stopped, and its outcome says why, when learner code prints more than {@link #OUTPUT_LIMIT} bytes
 * or a line longer than {@link Event#LINE_LIMIT}, when the JVM's resident memory passes {@link #MEMORY_LIMIT}, when
 * the channel carries anything but well-formed events, or at the hard deadline.
 */
public final class Run implements AutoCloseable {

    private static final Words WORDS = Words.of(Run.class);

    /** How much learner code may print in one run, in bytes and in lines (a line costs the checker more than its bytes). */
    public static final long OUTPUT_LIMIT = 1024 * 1024, LINES_LIMIT = 20_000;

    /** How much resident memory the learner's JVM (with anything it started) may use. */
    public static final long MEMORY_LIMIT = 768L * 1024 * 1024;

    /** How long the child JVM gets to start and reach the checker. */
    static final Duration STARTUP = Duration.ofSeconds(15);

    /** How much of the child's own stdout and stderr (the JVM's messages, not learner output) is kept. */
    private static final int NATIVE_LIMIT = 16 * 1024;

    /** Why a run was stopped before its end, as the learner reads it. */
    public record Breach(String headline, String likely) {}

    private final Process started;
    private final ProcessHandle jvm;
    private final String tag;
    private final Path scratch;
    private final long killAtNanos;
    private final OutputStream stdin;
    private final List<Event> events = new ArrayList<>(); // guarded by this
    private long outputBytes, outputLines; // guarded by this
    private boolean channelClosed; // guarded by this
    private Breach breach; // guarded by this
    private boolean killed; // guarded by this
    private final Set<String> processes = new LinkedHashSet<>(); // guarded by this: what learner code started, as seen
    private final Capped nativeOut, nativeErr;
    private final Thread channelReader, monitor;
    private volatile boolean closed;

    private Run(Process started, String tag, Path scratch, Socket channel, Duration hardDeadline) throws IOException {
        this.started = started;
        this.tag = tag;
        this.scratch = scratch;
        this.killAtNanos = System.nanoTime() + hardDeadline.toNanos();
        this.stdin = started.getOutputStream();
        this.jvm = Containment.jvm(started, 2_000);
        Containment.guard(tag, this::kill);
        this.nativeOut = Capped.read(started.getInputStream(), NATIVE_LIMIT, "lab-run-stdout");
        this.nativeErr = Capped.read(started.getErrorStream(), NATIVE_LIMIT, "lab-run-stderr");
        this.channelReader = channel == null ? null : Thread.ofPlatform().daemon().name("lab-run-channel").start(() -> read(channel));
        if (channel == null) {
            synchronized (this) {
                channelClosed = true;
            }
        }
        this.monitor = Thread.ofPlatform().daemon().name("lab-run-monitor").start(this::monitor);
    }

    /** A child JVM started and contained, its probe not yet told where to report (see {@link #begin}). */
    record Spawned(Process process, String tag, Path scratch) {

        /** Tells it to end: its stdin ends, and a JVM waiting for its probe then exits by itself (see {@link #discard}). */
        void release() {
            try {
                process.getOutputStream().close();
            } catch (IOException ignored) {
                // already gone
            }
        }

        /**
         * Ends it: released, it exits by itself and is reaped (a kill would leave the JVM in its namespace a zombie
         * when the wrapper dies first); killed, with anything it started, if it has not exited by {@code until}
         * (System.nanoTime); then its scratch folder is removed.
         */
        void discard(long until) {
            release();
            try {
                process.waitFor(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (process.isAlive()) Containment.kill(process, process.toHandle(), tag);
            Containment.forget(tag);
            Sandbox.deleteQuietly(scratch);
        }
    }

    /** Starts {@code command} contained, in {@code scratch} with only {@code environment}, tagged and killed with the checker. */
    static Spawned spawn(List<String> command, Path scratch, List<String> environment) {
        String tag = HexFormat.of().formatHex(random(16));
        try {
            var pb = new ProcessBuilder(command).directory(scratch.toFile());
            var env = pb.environment();
            env.clear();
            for (String kv : environment) env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            env.put(Containment.TAG, tag);
            Process started = pb.start();
            // killed with the checker even before its probe reports in
            Containment.guard(tag, () -> Containment.kill(started, started.toHandle(), tag));
            return new Spawned(started, tag, scratch);
        } catch (IOException | RuntimeException e) {
            Containment.forget(tag);
            throw new IllegalStateException(WORDS.say("Run.startFailed", e.getMessage()), e);
        }
    }

    /**
     * Hands a spawned JVM's probe the channel's port and token on stdin, after {@code go} (the line a warm JVM
     * waits for, or null), and waits until the probe has connected (or the JVM has ended, or {@link #STARTUP} has
     * passed); the hard deadline counts from now.
     */
    static Run begin(Spawned spawned, String go, Duration hardDeadline) {
        String token = HexFormat.of().formatHex(random(16));
        Process p = spawned.process();
        try (var server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            OutputStream stdin = p.getOutputStream();
            String lines = (go == null ? "" : go + "\n") + "lab-probe " + server.getLocalPort() + " " + token + "\n";
            stdin.write(lines.getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            Socket channel = accept(server, token, p);
            return new Run(p, spawned.tag(), spawned.scratch(), channel, hardDeadline);
        } catch (IOException | RuntimeException e) {
            Containment.kill(p, p.toHandle(), spawned.tag());
            Containment.forget(spawned.tag());
            throw new IllegalStateException(WORDS.say("Run.startFailed", e.getMessage()), e);
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    /** Accepts the probe's connection: the first whose Hello carries the token; null if the JVM ended or time ran out. */
    private static Socket accept(ServerSocket server, String token, Process p) throws IOException {
        long until = System.nanoTime() + STARTUP.toNanos();
        server.setSoTimeout(100);
        while (System.nanoTime() < until) {
            Socket s;
            try {
                s = server.accept();
            } catch (SocketTimeoutException e) {
                if (!p.isAlive()) return null;
                continue;
            }
            try {
                s.setSoTimeout(2_000);
                if (Event.readFrom(s.getInputStream()) instanceof Event.Hello(var t)
                        && MessageDigest.isEqual(t.getBytes(StandardCharsets.US_ASCII), token.getBytes(StandardCharsets.US_ASCII))) {
                    s.setSoTimeout(0);
                    return s;
                }
            } catch (IOException e) {
                // not our probe: keep waiting for it
            }
            s.close();
        }
        return null;
    }

    private void read(Socket channel) {
        try (channel; InputStream in = channel.getInputStream()) {
            boolean ended = false;
            for (Event e; (e = Event.readFrom(in)) != null; ) {
                synchronized (this) {
                    if (ended) {
                        stop(new Breach(WORDS.say("Run.afterLast.headline"), null));
                        return;
                    }
                    ended = e.isLast();
                    if (e instanceof Event.Output o) {
                        outputBytes += o.text().getBytes(StandardCharsets.UTF_8).length + 1;
                        outputLines++;
                        if (o.cut()) {
                            events.add(e);
                            stop(new Breach(WORDS.say("Run.longLine.headline", Event.LINE_LIMIT / 1024),
                                    WORDS.say("Run.longLine.likely")));
                            return;
                        }
                        if (outputBytes > OUTPUT_LIMIT || outputLines > LINES_LIMIT) {
                            stop(new Breach(WORDS.say("Run.printed.headline", outputLines > LINES_LIMIT
                                    ? WORDS.say("Run.printed.lines", String.format(Lang.current().locale(), "%,d", LINES_LIMIT))
                                    : WORDS.say("Run.printed.mib", OUTPUT_LIMIT / 1024 / 1024)),
                                    WORDS.say("Run.printed.likely")));
                            return;
                        }
                    }
                    events.add(e);
                    notifyAll();
                }
            }
        } catch (Event.Malformed e) {
            stop(new Breach(WORDS.say("Run.malformed.headline", e.getMessage()), null));
        } catch (IOException e) {
            // the JVM ended or was killed: what arrived is what there is
        } finally {
            synchronized (this) {
                channelClosed = true;
                notifyAll();
            }
        }
    }

    /** Watches the hard deadline and the JVM's memory, every 100 ms, until the run ends. */
    private void monitor() {
        while (!closed && started.isAlive()) {
            if (System.nanoTime() >= killAtNanos) {
                synchronized (this) {
                    killed = true;
                }
                kill();
                return;
            }
            // a process learner code starts is seen here while it runs, even one that dies with the JVM's namespace
            jvm.descendants().filter(p -> !Containment.zombie(p.pid())).forEach(p -> {
                synchronized (this) {
                    if (processes.size() < 10) processes.add(Containment.describe(p));
                }
            });
            long rss = Containment.residentBytes(jvm);
            if (rss > MEMORY_LIMIT) {
                stop(new Breach(WORDS.say("Run.memory.headline", MEMORY_LIMIT / 1024 / 1024), WORDS.say("Run.memory.likely")));
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Records why the run was stopped (the first reason wins) and kills it. */
    private void stop(Breach why) {
        synchronized (this) {
            if (breach == null) breach = why;
            notifyAll();
        }
        kill();
    }

    /** Waits up to {@code timeout} for the probe to report fact {@code name}; its values, or empty if it did not come. */
    public Optional<List<String>> awaitFact(String name, Duration timeout) {
        return awaitEvent(e -> e instanceof Event.Fact f && f.name().equals(name), timeout).map(e -> ((Event.Fact) e).values());
    }

    /** Waits up to {@code timeout} for a line of learner output that matches {@code test}; the line, or empty. */
    public Optional<String> awaitOutput(Predicate<String> test, Duration timeout) {
        return awaitEvent(e -> e instanceof Event.Output o && !o.stderr() && test.test(o.text()), timeout)
                .map(e -> Text.clean(((Event.Output) e).text()));
    }

    /** Waits up to {@code timeout} (and never past the hard deadline) for an event that matches; empty if none came. */
    private Optional<Event> awaitEvent(Predicate<Event> test, Duration timeout) {
        long until = Math.min(System.nanoTime() + timeout.toNanos(), killAtNanos);
        int seen = 0;
        synchronized (this) {
            while (true) {
                for (; seen < events.size(); seen++) {
                    if (test.test(events.get(seen))) return Optional.of(events.get(seen));
                }
                long left = until - System.nanoTime();
                if (channelClosed || breach != null || left <= 0) return Optional.empty();
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }
    }

    /** Waits for the child JVM to end (killing it at the hard deadline) and says how it ended. */
    public Outcome finish() {
        try {
            long left = killAtNanos - System.nanoTime();
            if (!started.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                synchronized (this) {
                    killed = true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Set<String> seen;
        synchronized (this) {
            seen = new LinkedHashSet<>(processes);
        }
        Containment.strays(started, jvm, tag).forEach(p -> seen.add(Containment.describe(p)));
        if (!seen.isEmpty()) {
            stop(new Breach(WORDS.say("Run.process.headline", String.join("; ", seen.stream().limit(3).toList())),
                    WORDS.say("Run.process.likely")));
        }
        close();
        join(channelReader);
        nativeOut.await(5_000);
        nativeErr.await(5_000);
        List<Event> all;
        Breach why;
        boolean wasKilled;
        synchronized (this) {
            all = List.copyOf(events);
            why = breach;
            wasKilled = killed;
        }
        String nativeText = nativeOut.text() + nativeErr.text();
        int exit = started.isAlive() ? -1 : started.exitValue();
        return Outcome.of(all, Optional.ofNullable(why), nativeText, exit, wasKilled);
    }

    private static void join(Thread t) {
        if (t == null) return;
        try {
            t.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the child JVM now, with anything it started, and removes its scratch folder. */
    @Override
    public void close() {
        closed = true;
        kill();
        Containment.forget(tag);
        Sandbox.deleteQuietly(scratch);
    }

    private void kill() {
        Containment.kill(started, jvm, tag);
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** The learner's output so far (stdout), cleaned for showing. */
    public synchronized List<String> outputSoFar() {
        return events.stream().filter(e -> e instanceof Event.Output o && !o.stderr()).map(e -> Text.clean(((Event.Output) e).text())).toList();
    }

    /** The values of every fact with this name reported so far, in order (the run may still be going). */
    public synchronized List<List<String>> factsSoFar(String name) {
        return events.stream().filter(e -> e instanceof Event.Fact f && f.name().equals(name)).map(e -> ((Event.Fact) e).values()).toList();
    }

    /** The names of threads that appeared in the learner's JVM so far (reported live by {@code Probe.watchThreads}). */
    public synchronized List<String> newThreadsSoFar() {
        return Outcome.newThreads(events);
    }

    /** Whether the child JVM is still running. */
    public boolean alive() {
        return started.isAlive();
    }

    /** Waits up to {@code timeout} for the child JVM to end by itself; returns whether it did. */
    public boolean awaitExit(Duration timeout) {
        try {
            return started.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** CPU time the learner's JVM has used so far, in milliseconds, seen from outside it; -1 where the system does not say. */
    public long cpuMillis() {
        return Containment.cpuMillis(jvm.pid());
    }

    /**
     * The CPU the learner's JVM used over a window, beside what a thread of the checker that never sleeps got in the
     * same window: on a busy machine a spinning JVM gets less than a core, and so does that thread.
     */
    public record CpuWindow(long usedMillis, long availableMillis) {

        /** Whether the JVM used more than {@code share} of what a thread that never sleeps got (and over 30 ms). */
        public boolean busy(double share) {
            return usedMillis > Math.max(share * availableMillis, 30);
        }
    }

    /** Measures {@link CpuWindow} over {@code window}, spinning the calling thread meanwhile. */
    public CpuWindow cpuOver(Duration window) {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long before = cpuMillis();
        long mine = threads.getCurrentThreadCpuTime();
        long until = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        long available = (threads.getCurrentThreadCpuTime() - mine) / 1_000_000;
        long after = cpuMillis();
        return new CpuWindow(before < 0 || after < 0 ? 0 : after - before, available);
    }

    /** Descriptors the learner's JVM holds open now, seen from outside it; -1 where the system does not say. */
    public int descriptors() {
        return Containment.descriptors(jvm.pid());
    }

    /** The learner JVM's process id, as the checker sees it. */
    public long pid() {
        return jvm.pid();
    }
}
