package lab.bench.server;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The machine the bench runs on, as the report names it, and its two pieces of setup: CPU pinning and the descriptor limit. */
record Machine(String date, String cpu, int cores, String kernel, String jdk, List<Integer> cpus, Path taskset,
               long fdLimit, long fdHard, long shellFdLimit) {

    /** Looks at /proc and the JDK; nothing is changed. */
    static Machine look() {
        String cpu = read("/proc/cpuinfo").lines().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse(System.getProperty("os.arch"));
        long[] own = fdLimits(ProcessHandle.current().pid());
        return new Machine(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")), cpu,
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                allowedCpus(), onPath("taskset").orElse(null), own[0], own[1], findShellFdLimit());
    }

    /** One line for the report: the machine, the JDK and the date. */
    String summary() {
        return "%s, %d cores, %s, %s, %s".formatted(cpu, cores, kernel, jdk, date);
    }

    /**
     * Pins this JVM (the load generator) to the second CPU it may use, so that the servers get the first to
     * themselves ({@link #onServerCpu}); returns what it did, in a sentence.
     */
    String pin() {
        if (taskset == null) return "not pinned: there is no taskset here, so servers and load generator share "
                + cpus.size() + " CPUs (figures are noisier)";
        if (cpus.size() < 2) return "not pinned: only CPU " + cpus + " is available, so servers and load generator share it";
        int code = run(List.of(taskset.toString(), "-a", "-p", "-c", String.valueOf(loadCpu()), String.valueOf(ProcessHandle.current().pid())));
        if (code != 0) return "not pinned: taskset -p failed with code " + code;
        return "pinned with taskset: each server to CPU " + serverCpu() + ", the load generator to CPU " + loadCpu();
    }

    /** The command, run pinned to the servers' CPU when taskset can. */
    List<String> onServerCpu(List<String> command) {
        if (taskset == null || cpus.size() < 2) return command;
        var pinned = new ArrayList<>(List.of(taskset.toString(), "-c", String.valueOf(serverCpu())));
        pinned.addAll(command);
        return pinned;
    }

    /** What the descriptor limit was and is, for a bench that needs {@code need} descriptors per process. */
    String fdNote(long need) {
        String now = fdLimit == fdHard ? fdLimit + " (the hard limit: the JVM raises its own to it, and the servers inherit it)"
                : fdLimit + " (hard limit " + fdHard + ")";
        String was = shellFdLimit < 0 || shellFdLimit == fdLimit ? "" : "; it was " + shellFdLimit + " in the shell that started the bench";
        return "descriptor limit " + now + was + "; the largest column needs about " + need + " per process";
    }

    private int serverCpu() {
        return cpus.get(0);
    }

    private int loadCpu() {
        return cpus.get(1);
    }

    /** The soft and hard "Max open files" of a process, or -1s where /proc does not say. */
    static long[] fdLimits(long pid) {
        for (String l : read("/proc/" + pid + "/limits").lines().toList()) {
            if (l.startsWith("Max open files")) {
                String[] f = l.substring("Max open files".length()).strip().split("\\s+");
                return new long[] {limit(f[0]), limit(f[1])};
            }
        }
        return new long[] {-1, -1};
    }

    private static long limit(String s) {
        return s.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(s);
    }

    /** The soft descriptor limit of the nearest ancestor that is not a JVM (the shell), before a JVM raised it. */
    private static long findShellFdLimit() {
        Optional<ProcessHandle> p = ProcessHandle.current().parent();
        while (p.isPresent() && p.get().pid() > 1) {
            String name = read("/proc/" + p.get().pid() + "/comm").strip();
            if (!name.equals("java") && !name.isEmpty()) return fdLimits(p.get().pid())[0];
            p = p.get().parent();
        }
        return -1;
    }

    /** The CPUs this process may run on, from /proc/self/status ("0-1", "0,2-3"). */
    private static List<Integer> allowedCpus() {
        List<Integer> cpus = new ArrayList<>();
        String list = read("/proc/self/status").lines().filter(l -> l.startsWith("Cpus_allowed_list:"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("");
        for (String part : list.split(",")) {
            if (part.isBlank()) continue;
            String[] range = part.split("-");
            int from = Integer.parseInt(range[0]);
            int to = Integer.parseInt(range[range.length - 1]);
            for (int c = from; c <= to; c++) cpus.add(c);
        }
        return cpus;
    }

    private static Optional<Path> onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static int run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
