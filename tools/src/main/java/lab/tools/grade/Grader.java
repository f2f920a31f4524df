package lab.tools.grade;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import lab.tools.Compiler;
import lab.tools.Layout;
import lab.verify.Capped;
import lab.verify.Lang;
import lab.verify.Words;
import lab.verify.Text;

/**
 * Grades a class: each submission's steps, one JVM per step under a deadline ({@link StepWorker}), submissions in
 * parallel; writes {@code results/NAME.json} per submission, then {@code grades.csv} and {@code report.html} from
 * those files. A submission whose sources have not changed since an earlier run into the same folder keeps its
 * results, unless forced. Nothing a submission does can stop the run: a worker that passes its deadline is killed
 * with everything under it, and the step gets a reason.
 */
public final class Grader {

    /** What to grade and how. */
    public record Options(List<Path> submissions, List<Integer> steps, Optional<Path> hidden, Path out, int jobs,
                          int shard, int shards, String ref, Map<String, String> roster, boolean force, Duration stepDeadline) {}

    /** What a run did, for its last lines. */
    public record Summary(int submissions, int graded, int stepChecks, Duration took) {}

    /** The workers running now: Ctrl-C, or an IDE's Stop, ends the grading run and takes them with it. */
    private static final java.util.Set<Process> WORKERS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> WORKERS.forEach(Grader::stop), "lab-grade-cleanup"));
    }

    /** The grader's words in the instructor's language ({@code lab/tools/grade/messages*.properties}). */
    private static final Words WORDS = Words.of(Grader.class);

    private final Layout layout;
    private final Options options;
    private final PrintStream out;

    private Grader(Layout layout, Options options, PrintStream out) {
        this.layout = layout;
        this.options = options;
        this.out = out;
    }

    /** Grades the class and writes the outputs into {@code options.out()}. */
    public static Summary grade(Layout layout, Options options, PrintStream out) throws Exception {
        return new Grader(layout, options, out).run();
    }

    private Summary run() throws Exception {
        long start = System.nanoTime();
        List<Submissions.Submission> all = Submissions.expand(options.submissions(), options.roster());
        List<Submissions.Submission> mine = all.stream().filter(s -> Shards.mine(s.learner(), options.shard(), options.shards())).toList();
        List<Layout.Step> steps = options.steps().stream().map(layout::step).toList();
        Path work = options.out().resolve(".work");
        Files.createDirectories(options.out().resolve("results"));
        Optional<Path> hidden = compileHidden(work);
        String key = gradingKey(hidden);
        Map<String, String> files = fileNames(mine);
        out.println(WORDS.say("grader.start", mine.size(),
                options.shards() > 1 ? " " + WORDS.say("grader.shard", options.shard(), options.shards(), all.size()) : "",
                options.steps(), options.jobs()));
        var progress = new Progress(out, mine.size());
        var stepChecks = new AtomicInteger();
        var graded = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.jobs()));
        List<Future<Results.Submission>> futures = new ArrayList<>();
        for (var s : mine) {
            futures.add(pool.submit(() -> {
                Path file = options.out().resolve("results").resolve(files.get(s.learner()) + ".json");
                Results.Submission r;
                try {
                    r = gradeOne(s, steps, hidden, key, file, work.resolve(files.get(s.learner())), stepChecks, graded);
                } catch (Exception | Error e) {
                    // whatever went wrong with one submission is that submission's row, never the end of the run
                    r = Results.Submission.unreadable(s.learner(), "", options.steps(), WORDS.say("grader.crashed",
                            Text.oneLine(e.getClass().getSimpleName() + ": " + e.getMessage())));
                    Results.write(r, file);
                }
                progress.done(s.learner(), r);
                return r;
            }));
        }
        pool.shutdown();
        List<Results.Submission> results = new ArrayList<>();
        for (var f : futures) results.add(f.get());
        progress.finish();
        lab.tools.Core.deleteTree(work);
        writeOutputs(results, options.out());
        return new Summary(mine.size(), graded.get(), stepChecks.get(), Duration.ofNanos(System.nanoTime() - start));
    }

    /** Writes {@code grades.csv} and {@code report.html} from results (a run's, or merged shards'). */
    public static void writeOutputs(List<Results.Submission> results, Path out) {
        var sorted = Gradebook.sorted(results);
        Gradebook.write(sorted, out.resolve("grades.csv"));
        Report.write(sorted, WORDS.say("grader.title"), out.resolve("report.html"));
    }

    /** One submission, step by step; its earlier results if its sources and the grading did not change. */
    private Results.Submission gradeOne(Submissions.Submission s, List<Layout.Step> steps, Optional<Path> hidden, String key,
                                        Path file, Path work, AtomicInteger stepChecks, AtomicInteger graded) throws IOException {
        Submissions.Sources sources = Submissions.read(s, options.ref());
        String hash = sources.problem() == null ? sha256(sources.hash() + key) : "";
        if (!options.force() && !hash.isEmpty() && Files.isRegularFile(file)) {
            var earlier = Results.read(file);
            if (hash.equals(earlier.lab().sourceHash()) && earlier.lab().learner().equals(s.learner())) return earlier;
        }
        Results.Submission result;
        if (sources.problem() != null) {
            result = Results.Submission.unreadable(s.learner(), hash, options.steps(), sources.problem());
        } else {
            Map<Integer, Results.Submission> byStep = new java.util.TreeMap<>();
            List<Layout.Step> toRun = new ArrayList<>();
            for (Layout.Step step : steps) {
                if (sources.writeStep(step.folder(), work.resolve("sources").resolve(step.folder()))) {
                    toRun.add(step);
                } else {
                    byStep.put(step.number(), failed(step, WORDS.say("grader.noSources", step.folder())));
                }
            }
            byStep.putAll(runWorkers(toRun, work, hidden));
            stepChecks.addAndGet(toRun.size());
            List<Results.Step> done = new ArrayList<>();
            List<Results.Test> tests = new ArrayList<>();
            for (var one : byStep.values()) {
                done.addAll(one.lab().steps());
                tests.addAll(one.tests());
            }
            result = Results.Submission.of(s.learner(), hash, done, tests);
        }
        lab.tools.Core.deleteTree(work);
        Results.write(result, file);
        graded.incrementAndGet();
        return result;
    }

    /**
     * Runs a submission's steps in {@link StepWorker} JVMs: one for all of them, and if a step passes its deadline or
     * the worker fails, that step gets the reason, the worker is killed with everything under it, and a new one
     * takes the steps that are left. A step's deadline runs from the end of the one before.
     */
    private Map<Integer, Results.Submission> runWorkers(List<Layout.Step> steps, Path work, Optional<Path> hidden) throws IOException {
        Map<Integer, Results.Submission> out = new java.util.TreeMap<>();
        List<Layout.Step> left = new ArrayList<>(steps);
        Path results = work.resolve("results");
        Files.createDirectories(results);
        while (!left.isEmpty()) {
            String classPath = System.getProperty("java.class.path") + hidden.map(h -> File.pathSeparator + h).orElse("");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-XX:+DisableAttachMechanism", "-Xmx768m",
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dlab.compile.inprocess=true",
                    "-D" + Lang.PROPERTY + "=" + Lang.current().code(), "-cp", classPath,
                    StepWorker.class.getName(), layout.root().toString(), work.resolve("sources").toString(), results.toString()));
            left.forEach(st -> cmd.add(String.valueOf(st.number())));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            WORKERS.add(p);
            p.getOutputStream().close();
            Capped log = Capped.read(p.getInputStream(), 16 * 1024, "lab-grade-worker");
            long stepStart = System.nanoTime();
            try {
                while (!left.isEmpty()) {
                    Path file = results.resolve(StepWorker.resultFile(left.getFirst().number()));
                    if (Files.isRegularFile(file)) {
                        out.put(left.getFirst().number(), Results.read(file));
                        left.removeFirst();
                        stepStart = System.nanoTime();
                        continue;
                    }
                    boolean late = System.nanoTime() - stepStart > options.stepDeadline().toNanos();
                    if (late || !p.isAlive()) {
                        if (!late) p.waitFor(2, TimeUnit.SECONDS);
                        if (!late && Files.isRegularFile(file)) continue; // it wrote its last file as it ended
                        stop(p);
                        log.await(2000);
                        Layout.Step step = left.removeFirst();
                        out.put(step.number(), failed(step, late
                                ? WORDS.say("grader.late", options.stepDeadline().toSeconds())
                                : WORDS.say("grader.workerFailed", p.exitValue(), Text.clean(tail(log.text(), 8)))));
                        break; // a new worker for the steps that are left
                    }
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop(p);
                for (Layout.Step step : left) out.put(step.number(), failed(step, WORDS.say("grader.interrupted")));
                left.clear();
            } finally {
                stop(p);
                WORKERS.remove(p);
            }
        }
        return out;
    }

    /** Kills a worker and everything it started (the learner's JVMs among them), and waits for it. */
    private static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Results.Submission failed(Layout.Step step, String reason) {
        return Results.Submission.of("", "", List.of(Results.Step.error(step.number(), step.title(), reason)), List.of());
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /**
     * Compiles the instructor's hidden checks (JUnit classes in packages {@code lab.hidden.stepNN}, written against the
     * verifiers' harness) into the work folder; the step workers find them on their class path. Never in a learner's
     * JVM: those see only the generators, the probe's code and the learner's classes.
     */
    private Optional<Path> compileHidden(Path work) throws Exception {
        if (options.hidden().isEmpty()) return Optional.empty();
        Path dir = options.hidden().get();
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException(WORDS.say("grader.hiddenNotFolder", dir));
        Path classes = work.resolve("hidden-classes");
        lab.tools.Core.deleteTree(classes);
        try {
            Compiler.compile(dir, classes, System.getProperty("java.class.path"));
        } catch (Compiler.CompileError e) {
            throw new IllegalArgumentException(WORDS.say("grader.hiddenCompile", dir) + "\n" + e.getMessage());
        }
        return Optional.of(classes);
    }

    /** What else decides a grade besides the sources: the steps, the hidden checks and the lab's own code. */
    private String gradingKey(Optional<Path> hidden) throws IOException {
        // the language too: the results hold the checks' names and messages in it
        var text = new StringBuilder("steps " + options.steps() + "\n" + "lang " + Lang.current().code() + "\n");
        List<Path> inputs = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) inputs.add(Path.of(e));
        hidden.ifPresent(inputs::add);
        for (Path p : inputs) text.append(p.getFileName()).append(' ').append(contentHash(p)).append('\n');
        return sha256(text.toString());
    }

    private static String contentHash(Path p) throws IOException {
        if (!Files.exists(p)) return "-";
        var sb = new StringBuilder();
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    sb.append(p.relativize(f)).append(':').append(sha256(in)).append('\n');
                }
            }
        }
        return sha256(sb.toString());
    }

    /** A file name for each learner's results: letters, digits, dot, dash and underscore only, never twice the same. */
    static Map<String, String> fileNames(List<Submissions.Submission> subs) {
        Map<String, String> out = new LinkedHashMap<>();
        var taken = new java.util.HashSet<String>();
        for (var s : subs.stream().sorted(java.util.Comparator.comparing(Submissions.Submission::learner)).toList()) {
            String base = s.learner().replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[.]+", "_");
            if (base.isEmpty()) base = "learner";
            if (base.length() > 80) base = base.substring(0, 80);
            String name = base;
            for (int i = 2; !taken.add(name.toLowerCase()); i++) name = base + "-" + i;
            out.put(s.learner(), name);
        }
        return out;
    }

    static String sha256(String text) {
        return sha256(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String sha256(InputStream in) {
        try {
            var md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
