package lab.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lab.tools.Checker.Compiled;
import lab.tools.Checker.Report;
import lab.tools.Checker.Result;
import lab.tools.Compiler.CompileError;
import lab.verify.BookSection;
import lab.verify.Words;
import lab.verify.Rules;
import lab.verify.Sandbox;
import org.junit.platform.launcher.TestExecutionListener;

/**
 * What the {@code ./lab} commands share: the console, a step named on the command line, compiling a step's code,
 * checking it the way a verdict is reached, and printing that verdict.
 */
public final class Core {

    /** The CLI's words in the learner's language ({@code lab/tools/messages*.properties}). */
    static final Words WORDS = Words.of(Core.class);

    /** Everything the tool prints: learner text in it is cleaned of control characters ({@link lab.verify.Text}) before it gets here. */
    public static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    private Core() {}

    /** What a step's code is now: untouched, missing, not compiling, refused, failing or passing. */
    public enum State { NOT_STARTED, MISSING, DOES_NOT_COMPILE, REFUSED, FAILING, PASSING }

    /** How a check ended: its state, the verifier's report, and the compiler's or the rules' message when it did not run. */
    public record Outcome(State state, Report report, String message) {}

    /** The step named by {@code s} ("1", "01"), or an error that says what a step is and which there are. */
    public static Layout.Step step(Layout layout, String s) {
        if (s == null || !s.matches("[0-9]{1,4}")) {
            throw new IllegalArgumentException(WORDS.say("core.stepNumber",
                    layout.steps().stream().map(x -> String.valueOf(x.number())).toList(), lab.verify.Text.oneLine(String.valueOf(s))));
        }
        return layout.step(Integer.parseInt(s));
    }

    /** Checks a step's code in the learner's folder: compile, the rules, then the verifier (see {@link Checker}). */
    public static Outcome check(Layout.Step step, TestExecutionListener listener) {
        return check(step, listener, 1);
    }

    /** Like {@link #check(Layout.Step, TestExecutionListener)}, up to {@code parallel} checks at once. */
    public static Outcome check(Layout.Step step, TestExecutionListener listener, int parallel) {
        return check(step, listener, parallel, null);
    }

    /** Like {@link #check(Layout.Step, TestExecutionListener, int)}, compiling into {@code stable} (see {@link Checker#compile(Layout.Step, Path, Path)}). */
    static Outcome check(Layout.Step step, TestExecutionListener listener, int parallel, Path stable) {
        Path sources = step.skeleton().resolve("src/main/java");
        if (!Files.isDirectory(sources)) {
            throw new IllegalArgumentException(WORDS.say("core.missing", step.folder(), step.number()));
        }
        try (Compiled code = Checker.compile(step, sources, stable)) {
            List<Rules.Violation> refused = code.refused();
            if (!refused.isEmpty()) return new Outcome(State.REFUSED, new Report(List.of()), Rules.report(refused));
            Report report = Checker.verify(step, code, listener,
                    List.of(org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage(step.verifierPackage())), true, parallel);
            return new Outcome(report.allPassed() ? State.PASSING : State.FAILING, report, "");
        } catch (CompileError e) {
            return new Outcome(State.DOES_NOT_COMPILE, new Report(List.of()), e.getMessage());
        }
    }

    /** Prints a check's verdict as {@code ./lab check} shows it; returns whether every check passed. */
    public static boolean print(Layout.Step step, Outcome outcome, long millis) {
        if (outcome.state() == State.DOES_NOT_COMPILE) {
            OUT.println();
            OUT.println("  " + WORDS.say("compile.failed"));
            outcome.message().lines().forEach(l -> OUT.println("    " + l));
            OUT.println();
            OUT.println(WORDS.say("check.failed.compile", step.title(), step.number()));
            return false;
        }
        if (outcome.state() == State.REFUSED) {
            OUT.println();
            outcome.message().lines().forEach(l -> OUT.println("  " + l));
            OUT.println("  " + WORDS.say("check.refused.read", BookSection.RULES));
            OUT.println();
            OUT.println(WORDS.say("check.failed.refused", step.title(), step.number()));
            return false;
        }
        print(outcome.report());
        long seconds = Math.round(millis / 1e3);
        Report r = outcome.report();
        OUT.println();
        if (r.allPassed()) {
            OUT.println(WORDS.say("check.passed", step.title(), r.results().size(), seconds));
        } else {
            OUT.println(WORDS.say("check.failed", step.title(), r.passed(), r.results().size(), seconds, step.number()));
        }
        return r.allPassed();
    }

    /** Prints every check of a report under its groups, each failure's message once in full. */
    static void print(Report report) {
        List<String> group = List.of();
        var shown = new java.util.HashSet<String>(); // failures' first lines already shown in full
        String pass = WORDS.say("check.pass"), fail = WORDS.say("check.fail"), skip = WORDS.say("check.skip");
        // the marks in a column of their own, as wide as the longest one and two spaces (PASS, FAIL and SKIP in English)
        int width = Math.max(pass.length(), Math.max(fail.length(), skip.length())) + 2;
        String under = " ".repeat(width);
        for (Result result : report.results()) {
            List<String> parents = result.names().subList(0, result.names().size() - 1);
            for (int i = 0; i < parents.size(); i++) {
                if (i >= group.size() || !group.get(i).equals(parents.get(i))) {
                    OUT.println("  ".repeat(i + 1) + parents.get(i));
                }
            }
            group = parents;
            String indent = "  ".repeat(parents.size() + 1);
            boolean skipped = Checker.skipped(result.message(), result.passed());
            String mark = skipped ? skip : result.passed() ? pass : fail;
            OUT.println(indent + mark + " ".repeat(width - mark.length()) + result.names().getLast());
            if (skipped) OUT.println(indent + under + result.message());
            if (!result.passed()) {
                String headline = result.message().lines().findFirst().orElse("");
                if (shown.add(headline)) {
                    result.message().lines().forEach(l -> OUT.println(indent + under + l));
                } else {
                    // one cause, many checks: its message once, in full, where it first shows
                    OUT.println(indent + under + WORDS.say("check.sameCause", headline));
                }
            }
        }
    }

    /** Whether the step's folder holds exactly the skeleton the lab hands out (nothing begun). */
    public static boolean untouched(Layout.Step step, Skeletons skeletons) {
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

    /** The Java sources under a step folder's {@code src/main/java}. */
    public static List<Path> sources(Path stepDir) {
        Path src = stepDir.resolve("src/main/java");
        if (!Files.isDirectory(src)) return List.of();
        try (Stream<Path> walk = Files.walk(src)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The step's sources as they are now: names and a hash of each one's content (what a save changes); a link, an
     * odd or huge file is named as such, unread. ({@code ./lab watch} compares these; {@link Verdicts} keys on them.)
     */
    public static String snapshot(Layout.Step step) {
        var sb = new StringBuilder();
        try {
            var md = java.security.MessageDigest.getInstance("SHA-256");
            Path src = step.skeleton().resolve("src/main/java");
            for (Path f : Core.sources(step.skeleton())) {
                sb.append(src.relativize(f)).append(' ');
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && Files.size(f) <= 1024 * 1024) {
                    sb.append(java.util.HexFormat.of().formatHex(md.digest(Files.readAllBytes(f))));
                } else {
                    sb.append("odd");
                }
                sb.append('\n');
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            sb.append("unreadable ").append(e.getMessage()); // a file mid-save: the next look sees it whole
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return sb.toString();
    }

    /** Compiles a step folder's sources afresh into {@code classes}; on errors prints them for the learner and returns false. */
    static boolean compileOrExplain(Path stepDir, Path classes) {
        Path sources = stepDir.resolve("src/main/java");
        if (!Files.isDirectory(sources)) {
            throw new IllegalArgumentException(WORDS.say("core.sourcesMissing", sources, stepDir));
        }
        try {
            deleteTree(classes);
            Compiler.compile(sources, classes, Sandbox.generators().toString());
            return true;
        } catch (CompileError e) {
            OUT.println(WORDS.say("compile.failed"));
            e.getMessage().lines().forEach(l -> OUT.println("    " + l));
            return false;
        }
    }

    /** Deletes a folder and everything in it; nothing if it does not exist. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
