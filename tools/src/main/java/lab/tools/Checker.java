package lab.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lab.tools.Compiler.CompileError;
import lab.verify.Rules;
import lab.verify.Sandbox;
import lab.verify.Text;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Checks a step's code the way a verdict must be reached: the learner's sources, with the lab's own copy of every
 * file the step hands out complete, compiled in a scratch folder of their own, checked by {@link Rules}, then run
 * by the step's verifier, whose every scenario starts a contained JVM ({@link Sandbox}). Nothing here reads a
 * step's pom or scripts, and nothing is written inside the lab.
 */
public final class Checker {

    /** The message of a check that could not run here (it counts as passed): why, after words that say so. */
    static String skipped(String why) {
        return Core.WORDS.say("checker.skipped", why);
    }

    /** Whether a check's message is that of a check that could not run here (the language is this JVM's throughout). */
    static boolean skipped(String message, boolean passed) {
        return passed && message.startsWith(skipped(""));
    }

    /** The result of one check of one test: its name path, and the failure message if it failed. */
    public record Result(List<String> names, boolean passed, String message) {}

    /** What a verifier run found. */
    public record Report(List<Result> results) {

        /** How many checks passed. */
        public long passed() {
            return results.stream().filter(Result::passed).count();
        }

        /** Whether there was at least one check and every check passed. */
        public boolean allPassed() {
            return !results.isEmpty() && passed() == results.size();
        }
    }

    /** A step's code compiled as the checker runs it, in a scratch folder that {@link #close} removes. */
    public record Compiled(Path scratch, Path classes, Set<String> given) implements AutoCloseable {

        /** What {@link Rules} refuses in these classes. */
        public List<Rules.Violation> refused() {
            return sandbox().violations();
        }

        /** The sandbox the verifier runs these classes in. */
        Sandbox sandbox() {
            return new Sandbox(classes, givenNames());
        }

        /** The file names of the sources the lab handed out complete (what {@link Rules} leaves alone). */
        Set<String> givenNames() {
            return given.stream().map(g -> Path.of(g).getFileName().toString()).collect(Collectors.toSet());
        }

        @Override
        public void close() {
            Core.deleteTree(scratch);
        }
    }

    private Checker() {}

    /**
     * Copies the learner's sources of {@code step} from {@code sources} (regular {@code .java} files only, links
     * not followed), puts the lab's own copy of the files the step hands out complete over them, and compiles
     * the lot in a scratch folder.
     */
    public static Compiled compile(Layout.Step step, Path sources) throws CompileError {
        return compile(step, sources, null);
    }

    /**
     * Like {@link #compile(Layout.Step, Path)}; with {@code stable} not null, the classes end up in that folder
     * (what was there before is removed), whose path stays the same from one compile to the next, as JVMs started
     * ahead of their checks need (see {@link Sandbox#keepWarm()}); it stays after {@link Compiled#close()}.
     */
    static Compiled compile(Layout.Step step, Path sources, Path stable) throws CompileError {
        Path scratch;
        try {
            scratch = Files.createTempDirectory("lab-check-");
        } catch (IOException e) {
            throw new UncheckedIOException(Core.WORDS.say("checker.scratch"), e);
        }
        try {
            Path src = scratch.resolve("src");
            copySources(sources, src);
            Set<String> given = Skeletons.handedOutComplete(step.solution());
            for (String rel : given) {
                Path to = src.resolve(rel);
                Files.createDirectories(to.getParent());
                Files.copy(step.solution().resolve("src/main/java").resolve(rel), to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Path classes = scratch.resolve("classes");
            Compiler.compile(src, classes, Sandbox.generators().toString());
            if (stable != null) {
                // two renames in one file system: the folder holds the old classes or the new ones, never a mix
                if (Files.exists(stable)) Files.move(stable, scratch.resolve("previous"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                Files.move(classes, stable, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                classes = stable;
            }
            return new Compiled(scratch, classes, given);
        } catch (IOException e) {
            Core.deleteTree(scratch);
            throw new UncheckedIOException(Core.WORDS.say("checker.copying", step.title()), e);
        } catch (CompileError | RuntimeException e) {
            Core.deleteTree(scratch);
            throw e;
        }
    }

    /**
     * Copies the learner's {@code lab/*.java}; a source anywhere else is refused, since its class could stand in for
     * one of the lab's, or take the name of a file the lab hands out (which {@link Rules} leaves alone).
     */
    private static void copySources(Path from, Path to) throws IOException, CompileError {
        Files.createDirectories(to.resolve("lab"));
        if (!Files.isDirectory(from)) return;
        List<String> elsewhere = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path f : walk.toList()) {
                if (!f.toString().endsWith(".java")) continue;
                String rel = from.relativize(f).toString().replace('\\', '/');
                if (!rel.matches("lab/[A-Za-z_$][A-Za-z0-9_$]*\\.java") || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    elsewhere.add(rel);
                    continue;
                }
                Files.copy(f, to.resolve(rel), LinkOption.NOFOLLOW_LINKS);
            }
        }
        if (!elsewhere.isEmpty()) {
            String shown = String.join(", ", elsewhere.stream().limit(10).map(Text::oneLine).toList());
            if (elsewhere.size() > 10) shown = Core.WORDS.say("checker.more", shown, elsewhere.size() - 10);
            throw new CompileError(Core.WORDS.say("checker.elsewhere", shown));
        }
    }

    /** Runs the verifier of {@code step} on compiled code, telling {@code listener} as it goes. */
    public static Report verify(Layout.Step step, Compiled code, TestExecutionListener listener) {
        return verify(step, code, listener, List.of(DiscoverySelectors.selectPackage(step.verifierPackage())));
    }

    /** Runs only the selected checks (e.g. one nested class of a verifier) on compiled code. */
    public static Report verify(Layout.Step step, Compiled code, TestExecutionListener listener,
                                List<? extends DiscoverySelector> selectors) {
        return verify(step, code, listener, selectors, true);
    }

    /**
     * Like {@link #verify(Layout.Step, Compiled, TestExecutionListener, List)}; {@code rules} false runs code that
     * {@link Rules} would refuse, for the lab's own tests of what contains it when it runs.
     */
    static Report verify(Layout.Step step, Compiled code, TestExecutionListener listener,
                         List<? extends DiscoverySelector> selectors, boolean rules) {
        return verify(step, code, listener, selectors, rules, 1);
    }

    /**
     * Like {@link #verify(Layout.Step, Compiled, TestExecutionListener, List, boolean)}, running up to
     * {@code parallel} checks at once (each in its own learner JVM); the report keeps the verifier's order.
     */
    static Report verify(Layout.Step step, Compiled code, TestExecutionListener listener,
                         List<? extends DiscoverySelector> selectors, boolean rules, int parallel) {
        var results = new java.util.concurrent.ConcurrentHashMap<String, Result>();
        var builder = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .configurationParameter(Sandbox.RULES_PARAMETER, rules ? "on" : "off")
                .configurationParameter(Sandbox.CLASSES_PARAMETER, code.classes().toString())
                .configurationParameter(Sandbox.GIVEN_PARAMETER, String.join(",", code.givenNames()));
        if (parallel > 1) {
            builder.configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                    .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                    .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                    .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                    .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", String.valueOf(parallel))
                    .configurationParameter("junit.jupiter.execution.parallel.config.fixed.max-pool-size", String.valueOf(parallel));
        }
        var request = builder.build();
        List<String> order = new ArrayList<>();
        var collector = new TestExecutionListener() {
            private TestPlan plan;

            @Override
            public void testPlanExecutionStarted(TestPlan testPlan) {
                plan = testPlan;
                walk(testPlan, testPlan.getRoots());
            }

            private void walk(TestPlan testPlan, java.util.Collection<TestIdentifier> ids) {
                for (TestIdentifier id : ids) {
                    if (id.isTest()) order.add(id.getUniqueId());
                    walk(testPlan, testPlan.getChildren(id));
                }
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest()) return;
                List<String> names = new ArrayList<>();
                for (TestIdentifier t = id; t != null; t = plan.getParent(t).orElse(null)) {
                    if (t.getParentId().isPresent()) names.addFirst(t.getDisplayName());
                }
                // a check that cannot run on this system (an assumption not met) says so, and counts as passed
                boolean skipped = result.getStatus() == TestExecutionResult.Status.ABORTED;
                boolean ok = skipped || result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
                String message = skipped ? skipped(result.getThrowable().map(Throwable::getMessage).orElse(""))
                        : result.getThrowable().map(Checker::describe).orElse("");
                results.put(id.getUniqueId(), new Result(names, ok, message));
            }
        };
        LauncherFactory.create().execute(request, collector, listener);
        if (results.isEmpty()) {
            throw new IllegalStateException(Core.WORDS.say("checker.noVerifier", step.title(), step.verifierPackage()));
        }
        return new Report(order.stream().filter(results::containsKey).map(results::get).toList());
    }

    /** A failure's message; for anything but a verifier's own assertion, its type and first frames too. */
    static String describe(Throwable t) {
        if (t instanceof AssertionError && t.getMessage() != null) return t.getMessage();
        var sb = new StringBuilder(t.toString());
        var stack = t.getStackTrace();
        for (int i = 0; i < Math.min(5, stack.length); i++) sb.append("\n    at ").append(stack[i]);
        return sb.toString();
    }
}
