package lab.tools;

import static lab.tools.Core.OUT;

import java.io.IOException;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import lab.verify.Lang;
import lab.verify.Sandbox;
import lab.verify.Text;
import org.junit.platform.launcher.TestExecutionListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code ./lab watch [N]} command: checks the step again whenever one of its sources is saved, in this JVM kept
 * warm (a warm compiler beside it; each learner run still in a contained JVM of its own, booted ahead while the
 * learner edits: see {@link Sandbox#keepWarm()}). Files are polled, by content, so it works where file events do not
 * (containers, network mounts); a save during a check restarts it.
 */
@Command(name = "watch", mixinStandardHelpOptions = true)
final class WatchCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    Lab lab;

    @Parameters(arity = "0..1", paramLabel = "STEP")
    String which;

    @Option(names = "--poll", defaultValue = "100", paramLabel = "MS")
    long pollMillis;

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** A check under way: the sources' state it checks, when that state was seen, and its outcome to come. */
    private record Checking(long seenAt, CompletableFuture<Core.Outcome> outcome, Thread worker,
                            java.util.concurrent.atomic.AtomicLong compiledAt) {}

    @Override
    public Integer call() throws Exception {
        Layout layout = lab.layout();
        Layout.Step step = which == null ? current(layout) : Core.step(layout, which);
        var verdicts = new Verdicts(layout);
        boolean tty = System.console() != null;
        Compiler.keepWarm();
        // the classes keep one path from compile to compile, so the learner JVMs can be started before a save
        java.nio.file.Path scratch = java.nio.file.Files.createTempDirectory("lab-watch-"), classes = scratch.resolve("classes");
        Sandbox.keepWarm();
        try {
            String last = Core.snapshot(step);
            Checking checking = start(step, System.nanoTime(), classes);
            header(step, tty);
            OUT.println(Core.WORDS.say("watch.checking"));
            while (true) {
                if (quit()) return 0;
                Thread.sleep(pollMillis);
                String now = Core.snapshot(step);
                if (!now.equals(last)) {
                    last = now;
                    cancel(checking);
                    checking = start(step, System.nanoTime(), classes);
                    header(step, tty);
                    OUT.println(Core.WORDS.say("watch.checking.saved", LocalTime.now().format(CLOCK)));
                    continue;
                }
                if (checking != null && checking.outcome().isDone()) {
                    Core.Outcome outcome;
                    try {
                        outcome = checking.outcome().join();
                    } catch (RuntimeException e) {
                        header(step, tty);
                        OUT.println("lab: " + Text.oneLine(String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage())));
                        checking = null;
                        continue;
                    }
                    long millis = (System.nanoTime() - checking.seenAt()) / 1_000_000;
                    verdicts.remember(step, outcome);
                    header(step, tty);
                    Core.print(step, outcome, millis);
                    long compiled = checking.compiledAt().get();
                    String split = compiled == 0 ? "" : " " + Core.WORDS.say("watch.split",
                            seconds((compiled - checking.seenAt()) / 1e9), seconds((System.nanoTime() - compiled) / 1e9));
                    OUT.println();
                    OUT.println(Core.WORDS.say("watch.verdict", seconds(millis / 1e3), split, LocalTime.now().format(CLOCK)));
                    checking = null;
                    Sandbox.refill(WARM); // the JVMs the next check will need, booted while the learner edits
                }
            }
        } finally {
            Sandbox.cancel();
            Sandbox.stopWarm();
            Compiler.stopWarm();
            Core.deleteTree(scratch);
        }
    }

    /** The step to watch when none is named: the first that does not pass, by the remembered verdicts. */
    private static Layout.Step current(Layout layout) {
        var skeletons = new Skeletons(layout.book());
        var verdicts = new Verdicts(layout);
        for (Layout.Step step : layout.steps()) {
            if (Core.untouched(step, skeletons)) return step;
            if (verdicts.recall(step).map(v -> v.state() != Core.State.PASSING).orElse(true)) return step;
        }
        return layout.steps().getLast();
    }

    /**
     * How many checks run at once: two for the steps whose checks are scenarios of the scheduler alone, each in a
     * JVM of its own (system property {@code lab.watch.parallel} to measure another figure); the network steps'
     * checks one at a time, since they measure time and CPU.
     */
    static int parallelism(Layout.Step step) {
        return step.number() <= 2 && Runtime.getRuntime().availableProcessors() >= 2 ? Integer.getInteger("lab.watch.parallel", 2) : 1;
    }

    /**
     * How many learner JVMs may wait, booted, for the next check (system property {@code lab.watch.warm}); each holds
     * about 40 MiB while it waits.
     */
    static final int WARM = Integer.getInteger("lab.watch.warm", 12);

    private static Checking start(Layout.Step step, long seenAt, java.nio.file.Path classes) {
        Sandbox.resume();
        var outcome = new CompletableFuture<Core.Outcome>();
        var compiledAt = new java.util.concurrent.atomic.AtomicLong();
        Thread worker = Thread.ofPlatform().name("lab-watch-check").daemon().start(() -> {
            try {
                outcome.complete(Core.check(step, new TestExecutionListener() {
                    @Override
                    public void testPlanExecutionStarted(org.junit.platform.launcher.TestPlan plan) {
                        compiledAt.set(System.nanoTime()); // compiled and let through by the rules: the checks start
                    }
                }, parallelism(step), classes));
            } catch (RuntimeException | Error e) {
                outcome.completeExceptionally(e);
            }
        });
        return new Checking(seenAt, outcome, worker, compiledAt);
    }

    /** Stops a check made stale by a save: its learner JVMs are killed, and it is waited for. */
    private static void cancel(Checking checking) throws InterruptedException {
        if (checking == null || checking.outcome().isDone()) return;
        Sandbox.cancel();
        checking.worker().interrupt();
        checking.worker().join(30_000);
    }

    private static void header(Layout.Step step, boolean tty) {
        if (tty) OUT.print("\033[H\033[2J\033[3J");
        else OUT.println("----");
        OUT.println(Core.WORDS.say("watch.header", step.title(), step.folder()));
        OUT.println();
    }

    /** Seconds with one decimal, as the learner's language writes them (1.5 in English, 1,5 in German and French). */
    private static String seconds(double s) {
        return String.format(Lang.current().locale(), "%.1f", s);
    }

    /** Whether q was typed (the script puts the terminal in a mode where a key arrives without Enter). */
    private static boolean quit() throws IOException {
        while (System.in.available() > 0) {
            int c = System.in.read();
            if (c == 'q' || c == 'Q' || c == 4) return true;
        }
        return false;
    }
}
