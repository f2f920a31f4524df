package lab.tools;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import lab.tools.Checker.Compiled;
import lab.tools.Checker.Report;
import lab.tools.Compiler.CompileError;
import lab.tools.Checker.Result;
import lab.verify.BookSection;
import lab.verify.Rules;
import lab.verify.Sandbox;
import lab.verify.Text;
import org.junit.platform.launcher.TestExecutionListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code ./lab} command: where you stand, check a step, run a step, and the skeleton generator. */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = "Build a network server out of generators: your progress, checks and demos.",
        subcommands = {Lab.Status.class, Lab.Check.class, Lab.RunStep.class, JShellCommand.class, GradeCommand.class, BenchCommand.class,
                Lab.SkeletonsCommand.class, CommandLine.HelpCommand.class})
public final class Lab implements Callable<Integer> {

    @Option(names = "--root", defaultValue = ".", description = "The lab's root folder (default: the current folder).")
    Path root;

    /** Everything the tool prints: learner text in it is cleaned of control characters ({@link Text}) before it gets here. */
    static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Lab())
                .setCaseInsensitiveEnumValuesAllowed(true)
                // a wrong step number or a missing folder is a message, not a stack trace
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    // a wrong step number, a missing folder, a file that cannot be read: one line, never a stack trace
                    String what = e instanceof IllegalArgumentException || e instanceof IllegalStateException
                            ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
                    cmd.getErr().println("lab: " + Text.oneLine(String.valueOf(what)));
                    return e instanceof IllegalArgumentException ? 2 : 1;
                });
    }

    @Override
    public Integer call() {
        return new Status().show(layout());
    }

    Layout layout() {
        return Layout.at(root);
    }

    /** What a step's code is now: untouched, not compiling, failing or passing. */
    enum State { NOT_STARTED, DOES_NOT_COMPILE, REFUSED, FAILING, PASSING }

    // ---- status ------------------------------------------------------------------------------------------------

    @Command(name = "status", description = "Show each step as not started / failing / passing, and what to do next.")
    static final class Status implements Callable<Integer> {
        @CommandLine.ParentCommand
        Lab lab;

        @Override
        public Integer call() {
            return show(lab.layout());
        }

        int show(Layout layout) {
            var skeletons = new Skeletons(layout.book());
            OUT.println("Build a network server out of generators: where you stand");
            OUT.println();
            OUT.printf("  %-24s %s%n", "step", "state");
            Layout.Step next = null;
            for (Layout.Step step : layout.steps()) {
                String state;
                if (untouched(step, skeletons)) {
                    state = "not started";
                } else {
                    var outcome = checkQuietly(step);
                    state = switch (outcome.state()) {
                        case PASSING -> "passing (" + outcome.report().results().size() + " checks)";
                        case FAILING -> "failing (" + outcome.report().passed() + " of " + outcome.report().results().size() + " checks pass)";
                        case DOES_NOT_COMPILE -> "does not compile";
                        case REFUSED -> "uses what the lab does not allow";
                        case NOT_STARTED -> "not started";
                    };
                    if (outcome.state() == State.PASSING) {
                        OUT.printf("  %-24s %s%n", "%02d %s".formatted(step.number(), step.name().replace('-', ' ')), state);
                        continue;
                    }
                }
                if (next == null) next = step;
                OUT.printf("  %-24s %s%n", "%02d %s".formatted(step.number(), step.name().replace('-', ' ')), state);
            }
            OUT.println();
            Path book = layout.renderedBook();
            OUT.println("  the book:  " + (Files.exists(book) ? layout.root().relativize(book) + "  (open it in a browser)"
                    : "not rendered yet: run ./lab build"));
            if (next == null) {
                OUT.println("  next:      every step passes. Well done! Read the book's last chapter for what comes beyond.");
            } else {
                OUT.println("  next:      write the TODOs in steps/" + next.folder() + "/src/main/java/lab/, then ./lab check " + next.number());
            }
            return 0;
        }
    }

    static boolean untouched(Layout.Step step, Skeletons skeletons) {
        Map<String, String> expected = skeletons.generate(step.solution());
        try {
            for (var e : expected.entrySet()) {
                Path f = step.skeleton().resolve(e.getKey());
                // only a plain file of a source's size is read: a link, a pipe or a huge file is simply not the skeleton
                if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) || Files.size(f) > 4L * e.getValue().length() + 1024
                        || !Files.readString(f).equals(e.getValue())) {
                    return false;
                }
            }
            return sources(step.skeleton()).size() == expected.size();
        } catch (IOException | UncheckedIOException e) {
            return false; // unreadable is not untouched: the check says what is wrong with it
        }
    }

    static List<Path> sources(Path stepDir) {
        Path src = stepDir.resolve("src/main/java");
        if (!Files.isDirectory(src)) return List.of();
        try (Stream<Path> walk = Files.walk(src)) {
            return walk.filter(p -> p.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How a check ended: its state, the verifier's report, and the compiler's or the rules' message when it did not run. */
    record Outcome(State state, Report report, String message) {}

    /** Checks a step's code in the learner's folder: compile, the rules, then the verifier (see {@link Checker}). */
    static Outcome checkQuietly(Layout.Step step) {
        Path sources = step.skeleton().resolve("src/main/java");
        if (!Files.isDirectory(sources)) {
            throw new IllegalArgumentException("steps/" + step.folder() + "/src/main/java is missing; get the step back with: "
                    + "git checkout -- steps/" + step.folder());
        }
        try (Compiled code = Checker.compile(step, sources)) {
            List<Rules.Violation> refused = code.refused();
            if (!refused.isEmpty()) return new Outcome(State.REFUSED, new Report(List.of()), Rules.report(refused));
            Report report = Checker.verify(step, code, new TestExecutionListener() {});
            return new Outcome(report.allPassed() ? State.PASSING : State.FAILING, report, "");
        } catch (CompileError e) {
            return new Outcome(State.DOES_NOT_COMPILE, new Report(List.of()), e.getMessage());
        }
    }

    // ---- check -------------------------------------------------------------------------------------------------

    @Command(name = "check", description = "Check a step: compile your code and run the step's verifier on it.")
    static final class Check implements Callable<Integer> {
        @CommandLine.ParentCommand
        Lab lab;

        @Parameters(paramLabel = "STEP", description = "The step's number (1, 2, ...) or 'all'.")
        String which;

        @Override
        public Integer call() {
            Layout layout = lab.layout();
            List<Layout.Step> steps = which.equalsIgnoreCase("all") ? layout.steps() : List.of(layout.step(parseStep(which)));
            boolean ok = true;
            for (Layout.Step step : steps) ok &= check(step);
            return ok ? 0 : 1;
        }

        boolean check(Layout.Step step) {
            OUT.println("Checking " + step.title() + ": steps/" + step.folder() + "/src/main/java");
            long start = System.nanoTime();
            Outcome outcome = checkQuietly(step);
            if (outcome.state() == State.DOES_NOT_COMPILE) {
                OUT.println();
                OUT.println("  Your code does not compile:");
                outcome.message().lines().forEach(l -> OUT.println("    " + l));
                OUT.println();
                OUT.println(step.title() + ": FAILED (does not compile). Fix the first error above, then run ./lab check " + step.number() + " again.");
                return false;
            }
            if (outcome.state() == State.REFUSED) {
                OUT.println();
                outcome.message().lines().forEach(l -> OUT.println("  " + l));
                OUT.println("  read:      " + BookSection.RULES);
                OUT.println();
                OUT.println(step.title() + ": FAILED (not run: uses what the lab does not allow). Change the lines above, then run ./lab check "
                        + step.number() + " again.");
                return false;
            }
            print(outcome.report());
            long seconds = Math.round((System.nanoTime() - start) / 1e9);
            Report r = outcome.report();
            OUT.println();
            if (r.allPassed()) {
                OUT.printf("%s: PASSED, all %d checks (%d s).%n", step.title(), r.results().size(), seconds);
            } else {
                OUT.printf("%s: FAILED, %d of %d checks pass (%d s). Start with the first failure above, then run ./lab check %d again.%n",
                        step.title(), r.passed(), r.results().size(), seconds, step.number());
            }
            return r.allPassed();
        }

        static void print(Report report) {
            List<String> group = List.of();
            var shown = new java.util.HashSet<String>(); // failures' first lines already shown in full
            for (Result result : report.results()) {
                List<String> parents = result.names().subList(0, result.names().size() - 1);
                for (int i = 0; i < parents.size(); i++) {
                    if (i >= group.size() || !group.get(i).equals(parents.get(i))) {
                        OUT.println("  ".repeat(i + 1) + parents.get(i));
                    }
                }
                group = parents;
                String indent = "  ".repeat(parents.size() + 1);
                OUT.println(indent + (result.passed() ? "PASS  " : "FAIL  ") + result.names().getLast());
                if (!result.passed()) {
                    String headline = result.message().lines().findFirst().orElse("");
                    if (shown.add(headline)) {
                        result.message().lines().forEach(l -> OUT.println(indent + "      " + l));
                    } else {
                        // one cause, many checks: its message once, in full, where it first shows
                        OUT.println(indent + "      same cause as above: " + headline);
                    }
                }
            }
        }
    }

    static int parseStep(String s) {
        try {
            if (!s.matches("[0-9]{1,4}")) throw new NumberFormatException(s);
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(commandLine(), "STEP must be a number like 1 or 01, or 'all'; got '" + s + "'");
        }
    }

    // ---- run ---------------------------------------------------------------------------------------------------

    @Command(name = "run", description = "Compile your code for a step and run its Main (Ctrl-C to stop a server).")
    static final class RunStep implements Callable<Integer> {
        @CommandLine.ParentCommand
        Lab lab;

        @Parameters(index = "0", paramLabel = "STEP", description = "The step's number.")
        String which;

        @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for Main.")
        List<String> args = new ArrayList<>();

        @Option(names = "--solution", description = "Run the reference solution instead of your code.")
        boolean solution;

        @Override
        public Integer call() throws Exception {
            Layout.Step step = lab.layout().step(parseStep(which));
            Path dir = solution ? step.solution() : step.skeleton();
            if (solution) OUT.println("lab: running the reference solution of " + step.title() + ", not your code");
            // a folder of its own per run: two runs at once must not delete each other's classes
            Path classes = Files.createTempDirectory("lab-run-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(classes), "lab-run-scratch"));
            if (!compileOrExplain(dir, classes)) return 1;
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-XX:+DisableAttachMechanism",
                    "-cp", classes + File.pathSeparator + Sandbox.generators(), "lab.Main"));
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            // Ctrl-C or an IDE's Stop ends this JVM: take the server with it
            Thread stop = new Thread(p::destroyForcibly, "lab-run-cleanup");
            Runtime.getRuntime().addShutdownHook(stop);
            int code = p.waitFor();
            Runtime.getRuntime().removeShutdownHook(stop);
            return code;
        }
    }

    // ---- skeletons ---------------------------------------------------------------------------------------------

    @Command(name = "skeletons", description = "Generate steps/ from the solutions' marked regions (maintainers).")
    static final class SkeletonsCommand implements Callable<Integer> {
        @CommandLine.ParentCommand
        Lab lab;

        @Option(names = "--check", description = "Only say which committed skeletons are stale; exit 1 if any.")
        boolean check;

        @Override
        public Integer call() throws IOException {
            Layout layout = lab.layout();
            var skeletons = new Skeletons(layout.book());
            List<String> stale = new ArrayList<>();
            for (Layout.Step step : layout.steps()) {
                Map<String, String> files = skeletons.generate(step.solution());
                for (var e : files.entrySet()) {
                    Path f = step.skeleton().resolve(e.getKey());
                    if (Files.exists(f) && Files.readString(f).equals(e.getValue())) continue;
                    stale.add("steps/" + step.folder() + "/" + e.getKey());
                    if (!check) {
                        Files.createDirectories(f.getParent());
                        Files.writeString(f, e.getValue());
                    }
                }
                for (Path extra : sources(step.skeleton())) {
                    String rel = step.skeleton().relativize(extra).toString().replace('\\', '/');
                    if (files.containsKey(rel)) continue;
                    stale.add("steps/" + step.folder() + "/" + rel + " (not in the solution)");
                    if (!check) Files.delete(extra);
                }
            }
            if (stale.isEmpty()) {
                OUT.println("skeletons: steps/ is what the solutions generate.");
                return 0;
            }
            OUT.println(check ? "skeletons: these files in steps/ are stale (run ./lab skeletons to regenerate):"
                    : "skeletons: regenerated:");
            stale.forEach(s -> OUT.println("  " + s));
            return check ? 1 : 0;
        }
    }

    /** Compiles a step folder's sources afresh into {@code classes}; on errors prints them for the learner and returns false. */
    static boolean compileOrExplain(Path stepDir, Path classes) {
        Path sources = stepDir.resolve("src/main/java");
        if (!Files.isDirectory(sources)) {
            throw new IllegalArgumentException(sources + " is missing; get it back with: git checkout -- " + stepDir);
        }
        try {
            deleteTree(classes);
            Compiler.compile(sources, classes, Sandbox.generators().toString());
            return true;
        } catch (CompileError e) {
            OUT.println("Your code does not compile:");
            e.getMessage().lines().forEach(l -> OUT.println("    " + l));
            return false;
        }
    }

    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
