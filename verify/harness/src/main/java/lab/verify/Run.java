package lab.verify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** One child JVM running a probe: its output as it arrives, the events it reports, and how it ended. */
public final class Run implements AutoCloseable {

    private final Process process;
    private final long killAtNanos;
    private final List<String> lines = new ArrayList<>(); // guarded by this
    private final StringBuilder stderr = new StringBuilder(); // guarded by itself
    private boolean stdoutClosed; // guarded by this
    private final Thread outReader, errReader;

    private Run(Process process, Duration hardDeadline) {
        this.process = process;
        this.killAtNanos = System.nanoTime() + hardDeadline.toNanos();
        this.outReader = Thread.ofPlatform().daemon().name("lab-run-stdout").start(() -> readLines(process.getInputStream()));
        this.errReader = Thread.ofPlatform().daemon().name("lab-run-stderr").start(() -> readErr(process.getErrorStream()));
    }

    static Run start(List<String> command, Duration hardDeadline) {
        try {
            var pb = new ProcessBuilder(command);
            pb.redirectInput(ProcessBuilder.Redirect.PIPE);
            Process p = pb.start();
            p.getOutputStream().close(); // learner code reading System.in gets end of input, not a hang
            return new Run(p, hardDeadline);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a JVM for the learner's code: " + command.getFirst(), e);
        }
    }

    private void readLines(InputStream in) {
        try (var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException ignored) {
            // the process was killed; what we read is what there is
        } finally {
            synchronized (this) {
                stdoutClosed = true;
                notifyAll();
            }
        }
    }

    private void readErr(InputStream in) {
        try (var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (stderr) {
                    if (stderr.length() < 64 * 1024) stderr.append(line).append('\n');
                }
            }
        } catch (IOException ignored) {
            // as above
        }
    }

    /**
     * Waits up to {@code timeout} for the probe to report event {@code name}, returning its values; empty when
     * the event did not come (the run ended or time ran out), so the caller can say what happened instead.
     */
    public Optional<List<String>> awaitEvent(String name, Duration timeout) {
        String prefix = Probe.MARK + "event " + name;
        return awaitLine(l -> l.equals(prefix) || l.startsWith(prefix + " "), timeout).map(l -> {
            String rest = l.substring(prefix.length()).strip();
            return rest.isEmpty() ? List.<String>of() : List.of(rest.split(" "));
        });
    }

    /**
     * Waits up to {@code timeout} for a line of learner output that matches {@code test}; returns it, or empty
     * when none came (the run ended or time ran out).
     */
    public Optional<String> awaitOutput(java.util.function.Predicate<String> test, Duration timeout) {
        return awaitLine(l -> !l.startsWith(Probe.MARK) && test.test(l), timeout);
    }

    /** Waits up to {@code timeout} (and never past the hard deadline) for any line that matches; empty if none came. */
    private Optional<String> awaitLine(java.util.function.Predicate<String> test, Duration timeout) {
        long until = Math.min(System.nanoTime() + timeout.toNanos(), killAtNanos);
        int seen = 0;
        synchronized (this) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (test.test(lines.get(seen))) return Optional.of(lines.get(seen));
                }
                long left = until - System.nanoTime();
                if (stdoutClosed || left <= 0) return Optional.empty();
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
        boolean killed = false;
        try {
            long left = killAtNanos - System.nanoTime();
            if (!process.waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                killed = true;
                kill();
            }
            process.waitFor(5, TimeUnit.SECONDS);
            outReader.join(Duration.ofSeconds(5));
            errReader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
        List<String> all;
        synchronized (this) {
            all = List.copyOf(lines);
        }
        String err;
        synchronized (stderr) {
            err = stderr.toString();
        }
        int exit = process.isAlive() ? -1 : process.exitValue();
        return Outcome.parse(all, err, exit, killed);
    }

    /** Stops the child JVM now (and anything it started). */
    @Override
    public void close() {
        kill();
    }

    private void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** The learner's output so far, without the probe's marker lines. */
    public synchronized List<String> outputSoFar() {
        return lines.stream().filter(l -> !l.startsWith(Probe.MARK)).toList();
    }

    /** The values of every event with this name reported so far, in order (the run may still be going). */
    public synchronized List<List<String>> eventsSoFar(String name) {
        String prefix = Probe.MARK + "event " + name;
        List<List<String>> out = new ArrayList<>();
        for (String l : lines) {
            if (l.equals(prefix) || l.startsWith(prefix + " ")) {
                String rest = l.substring(prefix.length()).strip();
                out.add(rest.isEmpty() ? List.of() : List.of(rest.split(" ")));
            }
        }
        return out;
    }

    /** The names of the non-daemon threads learner code has started so far (reported live by {@link Probe#watchThreads}). */
    public synchronized List<String> strayThreadsSoFar() {
        String prefix = Probe.MARK + "stray-thread ";
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).distinct().toList();
    }

    /** Whether the child JVM is still running. */
    public boolean alive() {
        return process.isAlive();
    }

    /** Waits up to {@code timeout} for the child JVM to end by itself; returns whether it did. */
    public boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
