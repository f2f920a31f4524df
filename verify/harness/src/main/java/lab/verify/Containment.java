package lab.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Keeps the JVM that runs learner code, and anything it starts, inside its run: started in a PID namespace of its
 * own where the system allows it (then it can neither see nor signal any process outside, and everything in it
 * dies with it), else in a session of its own; found again by its session, its descendants and a tag in its
 * environment; and killed together, also when the checker itself is stopped.
 *
 * <p>This is the second line of defence: {@link Rules} refuses code that starts processes before it runs.
 */
final class Containment {

    private static final Words WORDS = Words.of(Containment.class);

    /** The environment variable that tags every process of a run, so one that escaped its session is found. */
    static final String TAG = "LAB_RUN";

    /** How contained processes are started: {@code namespace}, {@code session} or {@code plain}. */
    static final String MODE_PROPERTY = "lab.sandbox.mode";

    enum Mode { NAMESPACE, SESSION, PLAIN }

    /**
     * Descriptors a learner JVM may hold: a burst of the checks' 1100 clients and more fit, while a pipe's kernel
     * buffer, which no memory limit of the JVM counts, cannot be multiplied without end.
     */
    static final int DESCRIPTORS = 4096;

    private static final Path PROC = Path.of("/proc");
    /** How to kill each live run, by its tag: from the moment its JVM is started until the run is closed. */
    private static final java.util.Map<String, Runnable> LIVE = new ConcurrentHashMap<>();
    private static volatile List<String> prefix;
    private static volatile Mode mode;
    private static volatile Optional<String> prlimit;

    static {
        // an IDE's Stop button or Ctrl-C ends the checker: take every learner JVM with it
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.values().forEach(Runnable::run), "lab-containment-cleanup"));
    }

    private Containment() {}

    /** Kills every learner JVM of this checker that is live now, with all it started. */
    static void killAll() {
        LIVE.values().forEach(Runnable::run);
    }

    /** The mode this system allows, found once (or forced with {@value #MODE_PROPERTY}). */
    static Mode mode() {
        if (mode == null) detect();
        return mode;
    }

    /** The command that goes before {@code java} to start it contained, with {@code descriptors} as its limit. */
    static List<String> prefix(int descriptors) {
        if (prefix == null) detect();
        if (prlimit.isEmpty()) return prefix;
        // soft and hard alike: HotSpot raises its soft limit to the hard one at start
        return concat(prefix, List.of(prlimit.get(), "--nofile=" + descriptors + ":" + descriptors));
    }

    /** Whether {@link #prefix(int)} can set a contained JVM's descriptor limit here. */
    static boolean limitsDescriptors() {
        if (prefix == null) detect();
        return prlimit.isPresent();
    }

    private static synchronized void detect() {
        if (mode != null) return;
        String forced = System.getProperty(MODE_PROPERTY, "");
        Optional<String> setsid = executable("setsid");
        List<String> session = setsid.map(List::of).orElse(List.of());
        prlimit = executable("prlimit");
        Mode found = Mode.PLAIN;
        List<String> command = List.of();
        Optional<String> unshare = executable("unshare");
        if (unshare.isPresent() && (forced.isEmpty() || forced.equals("namespace"))) {
            for (String map : List.of("--map-current-user", "--map-root-user")) {
                List<String> candidate = List.of(unshare.get(), "--user", map, "--pid", "--fork", "--mount-proc", "--kill-child");
                if (works(candidate)) {
                    found = Mode.NAMESPACE;
                    command = concat(candidate, session);
                    break;
                }
            }
        }
        if (found == Mode.PLAIN && setsid.isPresent() && !forced.equals("plain")) {
            found = Mode.SESSION;
            command = session;
        }
        prefix = command;
        mode = found;
    }

    private static boolean works(List<String> command) {
        try {
            var p = new ProcessBuilder(concat(command, List.of("true"))).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Optional<String> executable(String name) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return Optional.of(p.toString());
        }
        return Optional.empty();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Remembers how to kill the run tagged {@code tag} until {@link #forget}, so that the checker's own end kills it. */
    static void guard(String tag, Runnable kill) {
        LIVE.put(tag, kill);
    }

    static void forget(String tag) {
        LIVE.remove(tag);
    }

    /**
     * The JVM's own process: in a namespace it is the wrapper's only child (waited for up to {@code waitMillis}),
     * else the started process itself.
     */
    static ProcessHandle jvm(Process started, long waitMillis) {
        if (mode() != Mode.NAMESPACE) return started.toHandle();
        long until = System.nanoTime() + waitMillis * 1_000_000;
        while (System.nanoTime() < until && started.isAlive()) {
            Optional<ProcessHandle> child = started.children().findFirst();
            if (child.isPresent()) return child.get();
            sleep(2);
        }
        return started.toHandle();
    }

    /**
     * Every live process of a run but its JVM and the wrapper: descendants of the started process, members of the
     * JVM's session, and anything carrying the run's tag (which a process keeps when it leaves the session).
     */
    static List<ProcessHandle> strays(Process started, ProcessHandle jvm, String tag) {
        Set<Long> pids = new LinkedHashSet<>();
        started.descendants().forEach(p -> pids.add(p.pid()));
        boolean session = mode() != Mode.PLAIN;
        if (Files.isDirectory(PROC)) {
            byte[] marker = (TAG + "=" + tag).getBytes(StandardCharsets.UTF_8);
            try (Stream<Path> all = Files.list(PROC)) {
                for (Path dir : all.toList()) {
                    String name = dir.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) continue;
                    long pid = Long.parseLong(name);
                    if (session && sessionOf(pid) == jvm.pid() || hasTag(dir, marker)) pids.add(pid);
                }
            } catch (IOException e) {
                // /proc went away under us: what we found is what there is
            }
        }
        pids.remove(jvm.pid());
        pids.remove(started.pid());
        pids.remove(ProcessHandle.current().pid());
        List<ProcessHandle> out = new ArrayList<>();
        for (long pid : pids) ProcessHandle.of(pid).filter(p -> p.isAlive() && !zombie(pid)).ifPresent(out::add);
        return out;
    }

    /** Whether a process has ended and only waits to be reaped (state Z in /proc/PID/stat). */
    static boolean zombie(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Kills the run's processes, strays first (so none is reparented to a dying parent and missed), then the JVM. */
    static void kill(Process started, ProcessHandle jvm, String tag) {
        for (int round = 0; round < 3; round++) {
            List<ProcessHandle> strays = strays(started, jvm, tag);
            strays.forEach(ProcessHandle::destroyForcibly);
            jvm.destroyForcibly();
            started.destroyForcibly();
            if (strays.isEmpty()) break;
        }
    }

    /** Resident memory of a process and its descendants in bytes, or -1 where the system does not say. */
    static long residentBytes(ProcessHandle jvm) {
        long rss = rss(jvm.pid());
        if (rss < 0) return -1;
        for (ProcessHandle d : jvm.descendants().toList()) rss += Math.max(0, rss(d.pid()));
        return rss;
    }

    private static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(PROC.resolve(pid + "/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not Linux
        }
        return -1;
    }

    /** CPU time a process has used, user and system, in milliseconds (from /proc/PID/stat), or -1 where not known. */
    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime: fields 14 and 15 of stat
            return ticks * 1000 / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Linux's clock ticks per second for /proc times (USER_HZ, 100 everywhere Linux runs today). */
    private static final long CLOCK_TICKS = 100;

    /** How many descriptors a process has open (from /proc/PID/fd), or -1 where not known. */
    static int descriptors(long pid) {
        try (Stream<Path> fds = Files.list(PROC.resolve(pid + "/fd"))) {
            return (int) fds.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A listening TCP socket: its local address as the kernel shows it and its port. */
    record Listening(String address, int port, boolean loopback) {}

    /**
     * The TCP sockets a process listens on, seen from outside it (its descriptors in /proc, matched with the
     * kernel's socket tables); empty where the system does not say (not Linux).
     */
    static Optional<List<Listening>> listening(long pid) {
        Set<String> inodes = new java.util.HashSet<>();
        try (Stream<Path> fds = Files.list(PROC.resolve(pid + "/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) inodes.add(target.substring(8, target.length() - 1));
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        List<Listening> out = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            try {
                for (String line : Files.readAllLines(PROC.resolve(pid + "/net/" + table))) {
                    String[] f = line.strip().split("\\s+");
                    if (f.length < 10 || !f[3].equals("0A") || !inodes.contains(f[9])) continue; // 0A: LISTEN
                    String[] local = f[1].split(":");
                    out.add(new Listening(local[0], Integer.parseInt(local[1], 16), loopback(local[0])));
                }
            } catch (IOException | RuntimeException e) {
                // no such table here
            }
        }
        return Optional.of(out);
    }

    /** Whether a kernel-table address (hex, as in /proc/net/tcp and tcp6) is a loopback address. */
    private static boolean loopback(String hex) {
        if (hex.length() == 8) return hex.endsWith("7F"); // 127.x.x.x, stored little-endian
        return hex.equals("00000000000000000000000001000000") // ::1
                || hex.startsWith("0000000000000000FFFF0000") && hex.endsWith("7F"); // ::ffff:127.x.x.x
    }

    /** A short description of a process for a message: its pid and command line. */
    static String describe(ProcessHandle p) {
        String cmd = p.info().commandLine().orElseGet(() -> p.info().command().orElse("?"));
        if (cmd.length() > 120) cmd = cmd.substring(0, 117) + "...";
        return WORDS.say("Containment.process", p.pid(), Text.oneLine(cmd));
    }

    /** The session id of a process from /proc/PID/stat, or -1. */
    private static long sessionOf(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[3]); // after the name: state, ppid, pgrp, session
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static boolean hasTag(Path dir, byte[] marker) {
        try {
            byte[] env = Files.readAllBytes(dir.resolve("environ"));
            outer:
            for (int i = 0; i + marker.length <= env.length; i++) {
                if (i > 0 && env[i - 1] != 0) continue;
                for (int k = 0; k < marker.length; k++) if (env[i + k] != marker[k]) continue outer;
                if (i + marker.length == env.length || env[i + marker.length] == 0) return true;
            }
        } catch (IOException | RuntimeException e) {
            // not ours to read, or gone
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
