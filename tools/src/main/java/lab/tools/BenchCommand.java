package lab.tools;

import static lab.tools.Core.OUT;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import lab.verify.Sandbox;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code ./lab bench} command: the lab's servers measured against Netty and virtual threads, in a JVM of its own. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the reference servers (and yours, with --learner) against a one-loop Netty server and a "
                + "virtual-thread server: a table with ratios to Netty, and bench.csv, bench.md and bench.svg in a folder it names.",
                "Takes about 10 minutes with the defaults; --seconds 2 --conns 100 --reps 1 takes under a minute."})
final class BenchCommand implements Callable<Integer> {

    /** The server bench's main class, in the bench module's jar. */
    static final String MAIN = "lab.bench.server.ServerBench";

    @CommandLine.ParentCommand
    Lab lab;

    @Option(names = "--step", split = ",", paramLabel = "N", defaultValue = "4,5",
            description = "The reference servers to measure, by step (default: 4,5).")
    List<String> steps;

    @Option(names = "--learner", paramLabel = "N", description = "Also measure your own server of step N (steps/N).")
    String learner;

    @Option(names = "--conns", split = ",", paramLabel = "COUNT",
            description = "Connection counts, one column each (default: 1,100,1000,10000, then the 1 MiB mode).")
    List<Integer> conns;

    @Option(names = "--big", description = "The 1 MiB mode: 1 MiB requests echoed whole on 10 connections (alone, or with --conns).")
    boolean big;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "5", description = "Seconds measured per run (default: 5).")
    int seconds;

    @Option(names = "--reps", paramLabel = "R", defaultValue = "3", description = "Runs of every server and setting, interleaved (default: 3).")
    int reps;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the results (default: bench/target/runs/DATE-TIME).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Layout layout = lab.layout();
        Path jar = layout.root().resolve("bench/target/benchmarks.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the bench is not built (no bench/target/benchmarks.jar): run ./lab build");
        }
        // each server's classes in a folder of their own, compiled afresh, as ./lab run compiles them
        List<String> servers = new ArrayList<>();
        for (String s : steps) {
            Layout.Step step = Core.step(layout, s);
            String classPath = compile(step.solution());
            if (classPath == null) return 1;
            servers.add("step%02d=%s".formatted(step.number(), classPath));
        }
        if (learner != null) {
            Layout.Step step = Core.step(layout, learner);
            OUT.println("lab: measuring your server of " + step.title() + " too (steps/" + step.folder() + ")");
            String classPath = compile(step.skeleton());
            if (classPath == null) return 1;
            servers.add("learner%02d=%s".formatted(step.number(), classPath));
        }
        Path dir = out != null ? Path.of(System.getenv().getOrDefault("LAB_CWD", ".")).resolve(out)
                : layout.root().resolve("bench/target/runs").resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+DisableAttachMechanism", "-cp", jar.toString(), MAIN));
        for (String s : servers) cmd.addAll(List.of("--lab", s));
        if (conns != null) cmd.addAll(List.of("--conns", String.join(",", conns.stream().map(String::valueOf).toList())));
        if (big) cmd.add("--big");
        cmd.addAll(List.of("--seconds", String.valueOf(seconds), "--reps", String.valueOf(reps), "--out", dir.toString()));
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        // Ctrl-C ends this JVM: the bench stops its servers when it is stopped
        Thread stop = new Thread(p::destroy, "lab-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(stop);
        int code = p.waitFor();
        Runtime.getRuntime().removeShutdownHook(stop);
        return code;
    }

    /** Compiles a step folder into a fresh folder (deleted when this JVM ends) and returns its class path with the generators; null if it does not compile. */
    private static String compile(Path stepDir) throws Exception {
        Path classes = Files.createTempDirectory("lab-bench-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Core.deleteTree(classes), "lab-bench-scratch"));
        if (!Core.compileOrExplain(stepDir, classes)) return null;
        return classes + File.pathSeparator + Sandbox.generators();
    }
}
