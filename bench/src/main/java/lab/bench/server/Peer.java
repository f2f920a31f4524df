package lab.bench.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A server measured by the bench: its own JVM on a free loopback port, its CPU time read from /proc, stopped by PID. */
final class Peer implements AutoCloseable {

    /** Linux's USER_HZ: /proc reports CPU times in hundredths of a second on every architecture. */
    private static final long NANOS_PER_TICK = 10_000_000;

    final String name;
    final InetSocketAddress address;
    final Path log;
    private final Process process;
    private String died;

    private Peer(String name, InetSocketAddress address, Path log, Process process) {
        this.name = name;
        this.address = address;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts {@code command} + a free port as its last argument, its output to {@code log}, and waits until the port
     * takes a connection; throws with the log's last lines if it does not within {@code deadline}.
     */
    static Peer start(String name, List<String> command, Path log, Duration deadline) throws IOException {
        int port;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        var cmd = new ArrayList<>(command);
        cmd.add(String.valueOf(port));
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        var peer = new Peer(name, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), log, p);
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            if (!p.isAlive()) {
                peer.close();
                throw new IllegalStateException(name + " ended before it listened (exit code " + p.exitValue() + "); its last lines:"
                        + peer.tail());
            }
            try (var s = new Socket()) {
                s.connect(peer.address, 200);
                return peer;
            } catch (IOException notYet) {
                if (System.nanoTime() > end) {
                    peer.close();
                    throw new IllegalStateException(name + " did not listen on " + port + " within " + deadline.toSeconds()
                            + " s; its last lines:" + peer.tail());
                }
                sleep(50);
            }
        }
    }

    long pid() {
        return process.pid();
    }

    /** Whether it still runs; the first time it is found dead, the reason is kept for {@link #death()}. */
    boolean alive() {
        if (process.isAlive()) return true;
        if (died == null) died = "exited with code " + process.exitValue() + "; its last lines:" + tail();
        return false;
    }

    /** Why it died, or null while it runs. */
    String death() {
        alive();
        return died;
    }

    /** Its CPU time so far (user + system, every thread), from /proc/PID/stat; 0 where there is no /proc. */
    long cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid()), "stat"));
            // the command name, in parentheses, may hold spaces: count fields after its closing one
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Waits, at most {@code deadline}, until it uses under 10 ms of CPU in 200 ms: the last run's connections are closed. */
    void awaitQuiet(Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        long before = cpuNanos();
        while (System.nanoTime() < end && alive()) {
            sleep(200);
            long now = cpuNanos();
            if (now - before < 10_000_000) return;
            before = now;
        }
    }

    /** The last lines of its output, indented, for a message. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "\n    " + String.join("\n    ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return " (none: " + e.getMessage() + ")";
        }
    }

    /** Stops it and anything it started, by PID: politely, then forcibly after 5 s. */
    @Override
    public void close() {
        var handles = new ArrayList<ProcessHandle>(process.descendants().toList());
        handles.add(process.toHandle());
        handles.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : handles) {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
