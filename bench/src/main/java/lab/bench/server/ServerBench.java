package lab.bench.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server bench behind {@code ./lab bench}: the lab's servers, a virtual-thread server and a one-loop Netty server,
 * each in its own JVM, under the same closed-loop load, runs interleaved; prints a table and writes bench.csv,
 * bench.md and bench.svg.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar lab.bench.server.ServerBench [--lab NAME=CLASSPATH]... [--conns 1,100,1000,10000]
 *      [--big] [--seconds 5] [--reps 3] [--out DIR]
 * </pre>
 *
 * A {@code --lab} server is a step's {@code lab.Main} on that class path, started as {@code ./lab run N} starts it.
 */
public final class ServerBench {

    /** What one column of the table measures: so many connections, requests of so many bytes. */
    record Config(int conns, int size) {

        /** The big mode: 1 MiB requests, echoed whole, on 10 connections. */
        static final Config BIG = new Config(10, 1 << 20);

        boolean big() {
            return size >= 1 << 20;
        }

        String label() {
            if (big()) return "%d MiB × %d".formatted(size >> 20, conns);
            return "%,d conn%s".formatted(conns, conns == 1 ? "" : "s");
        }
    }

    /** Default connection counts: one client, a few, many, and the 10,000. */
    static final List<Integer> DEFAULT_CONNS = List.of(1, 100, 1_000, 10_000);
    static final int SMALL = 64;
    static final String NETTY = "netty";
    static final String VIRTUAL_THREADS = "virtual-threads";

    private final Options options;
    private final List<Peer> peers = new ArrayList<>();

    private ServerBench(Options options) {
        this.options = options;
    }

    /** Runs the bench and exits: 0 when every server ran to the end, 1 when one did not start or died, 2 on a bad argument. */
    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        int code;
        try {
            code = new ServerBench(options).run();
        } catch (IOException | RuntimeException e) {
            System.err.println("bench: " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }

    /** The command line: which lab servers, which columns, how long and how often, and where to write. */
    record Options(Map<String, String> lab, List<Config> configs, int seconds, int warmup, int reps, Path out) {

        static Options parse(String[] args) {
            Map<String, String> lab = new LinkedHashMap<>();
            List<Integer> conns = null;
            boolean big = false;
            int seconds = 5;
            int warmup = 1;
            int reps = 3;
            Path out = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--big")) {
                    big = true;
                    continue;
                }
                if (i + 1 >= args.length) throw new IllegalArgumentException(a + " needs a value");
                String v = args[++i];
                switch (a) {
                    case "--lab" -> {
                        int eq = v.indexOf('=');
                        if (eq < 1) throw new IllegalArgumentException("--lab takes NAME=CLASSPATH, got '" + v + "'");
                        lab.put(v.substring(0, eq), v.substring(eq + 1));
                    }
                    case "--conns" -> {
                        conns = new ArrayList<>();
                        for (String c : v.split(",")) conns.add(number("--conns", c.strip(), 1, 50_000));
                    }
                    case "--seconds" -> seconds = number(a, v, 1, 600);
                    case "--warmup" -> warmup = number(a, v, 0, 60);
                    case "--reps" -> reps = number(a, v, 1, 20);
                    case "--out" -> out = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + a
                            + "; the options are --lab NAME=CLASSPATH, --conns LIST, --big, --seconds S, --warmup S, --reps R, --out DIR");
                }
            }
            List<Config> configs = new ArrayList<>();
            // no choice: every column; --conns alone: those; --big alone: the 1 MiB mode; both: both
            if (conns != null || !big) {
                for (int c : conns != null ? conns : DEFAULT_CONNS) configs.add(new Config(c, SMALL));
            }
            if (big || conns == null) configs.add(Config.BIG);
            return new Options(lab, List.copyOf(configs), seconds, warmup, reps, out);
        }

        private static int number(String option, String value, int min, int max) {
            try {
                int n = Integer.parseInt(value);
                if (n >= min && n <= max) return n;
            } catch (NumberFormatException e) {
                // same message as out of range
            }
            throw new IllegalArgumentException(option + " takes a number from " + min + " to " + max + ", got '" + value + "'");
        }
    }

    private int run() throws IOException {
        Path out = options.out() != null ? options.out() : Files.createTempDirectory("lab-bench-");
        Files.createDirectories(out);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopPeers, "bench-stop-servers"));
        var machine = Machine.look();
        System.out.println("bench: results go to " + out.toAbsolutePath());
        String pinning = machine.pin();
        System.out.println("bench: " + pinning);
        List<Config> configs = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Config c : options.configs()) {
            long need = c.conns() + 256L;
            if (machine.fdLimit() < need) {
                skipped.add(c.label() + ": needs about " + need + " descriptors, the limit is " + machine.fdLimit());
            } else {
                configs.add(c);
            }
        }
        System.out.println("bench: " + machine.fdNote(configs.stream().mapToInt(Config::conns).max().orElse(1) + 256));
        skipped.forEach(s -> System.out.println("bench: skipped " + s + " (raise the hard limit: ulimit -Hn, as root)"));
        if (configs.isEmpty()) throw new IllegalStateException("nothing to measure: every column was skipped");

        int failedToStart = 0;
        for (var server : servers(machine).entrySet()) {
            try {
                var peer = Peer.start(server.getKey(), server.getValue(), out.resolve("logs").resolve(server.getKey() + ".log"),
                        Duration.ofSeconds(30));
                peers.add(peer);
                // a short first run: the JIT compiles the server's hot paths before anything is measured
                var first = new LoadGenerator(settings(peer, new Config(Math.min(100, configs.getFirst().conns()), SMALL), 0, 2),
                        peer::cpuNanos).run();
                System.out.printf("bench: started %s (pid %d, port %d)%s%n", peer.name, peer.pid(), peer.address.getPort(),
                        first.errorCount() == 0 ? "" : "; its warm-up had errors: " + first.firstErrors());
                if (!peer.alive()) System.out.println("bench: " + peer.name + " died in its warm-up: " + peer.death());
            } catch (IllegalStateException e) {
                System.out.println("bench: " + e.getMessage());
                failedToStart++;
            }
        }

        Map<String, Map<Config, List<LoadGenerator.Result>>> results = new LinkedHashMap<>();
        for (Peer p : peers) results.put(p.name, new LinkedHashMap<>());
        int total = options.reps() * configs.size() * peers.size();
        int done = 0;
        long start = System.nanoTime();
        for (int rep = 0; rep < options.reps(); rep++) {
            for (Config config : configs) {
                // every server in turn, the order rotated each repetition: a slow minute hits all of them alike
                for (int k = 0; k < peers.size(); k++) {
                    Peer peer = peers.get((k + rep) % peers.size());
                    done++;
                    if (!peer.alive()) {
                        System.out.printf("[%d/%d] rep %d  %-12s %-16s not running (see below)%n", done, total, rep + 1, config.label(), peer.name);
                        continue;
                    }
                    peer.awaitQuiet(Duration.ofSeconds(15));
                    var r = new LoadGenerator(settings(peer, config, options.warmup(), options.seconds()), peer::cpuNanos).run();
                    results.get(peer.name).computeIfAbsent(config, c -> new ArrayList<>()).add(r);
                    System.out.printf("[%d/%d %3.0f s] rep %d  %-12s %-16s %10.0f rt/s %9.1f MiB/s  p99 %9.0f µs  errors %d  idle %2.0f%%%s%n",
                            done, total, (System.nanoTime() - start) / 1e9, rep + 1, config.label(), peer.name,
                            r.roundTripsPerSecond(), r.mibPerSecond(), r.percentileMicros(0.99), r.errorCount(), 100 * r.idleShare(),
                            peer.alive() ? "" : "  (the server died)");
                }
            }
        }
        List<String> deaths = new ArrayList<>();
        for (Peer p : peers) {
            if (!p.alive()) deaths.add(p.name + " died: " + p.death());
        }
        stopPeers();

        var report = new Report(machine, pinning, options, configs, skipped, results, deaths);
        System.out.println();
        System.out.print(report.text());
        Files.writeString(out.resolve("bench.csv"), report.csv());
        Files.writeString(out.resolve("bench.md"), report.markdown());
        Files.writeString(out.resolve("bench.svg"), new Chart(report).svg());
        System.out.println();
        System.out.println("bench: wrote bench.csv, bench.md and bench.svg (the chart) to " + out.toAbsolutePath());
        return failedToStart == 0 && deaths.isEmpty() ? 0 : 1;
    }

    private LoadGenerator.Settings settings(Peer peer, Config config, int warmup, int seconds) {
        return new LoadGenerator.Settings(peer.address, config.conns(), config.size(), Duration.ofSeconds(warmup),
                Duration.ofSeconds(seconds), Duration.ofSeconds(20 + config.conns() / 500), Duration.ofSeconds(5));
    }

    /** Every server's command line, but for its port: the lab's as {@code ./lab run N} starts them, then ours. */
    private Map<String, List<String>> servers(Machine machine) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String own = System.getProperty("java.class.path");
        Map<String, List<String>> servers = new LinkedHashMap<>();
        servers.put(NETTY, machine.onServerCpu(List.of(java, "-XX:+DisableAttachMechanism",
                "--sun-misc-unsafe-memory-access=allow", // Netty 4.1 uses sun.misc.Unsafe: allowed, without a warning
                "-cp", own, NettyServer.class.getName())));
        servers.put(VIRTUAL_THREADS, machine.onServerCpu(List.of(java, "-XX:+DisableAttachMechanism",
                "-cp", own, VirtualThreadServer.class.getName())));
        // the same java command as Lab.RunStep's (tools/src/main/java/lab/tools/Lab.java), the port as its argument
        options.lab().forEach((name, classPath) -> servers.put(name, machine.onServerCpu(List.of(java,
                "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-XX:+DisableAttachMechanism",
                "-cp", classPath, "lab.Main"))));
        return servers;
    }

    private synchronized void stopPeers() {
        for (Peer p : peers) p.close();
        peers.clear();
    }
}
