package lab.tools;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import lab.verify.Sandbox;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Compiles a step's code and runs the step's verifier on it, in this JVM, with learner code in child JVMs. */
public final class Checker {

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

    /** Errors from the compiler, as the learner reads them. */
    public static final class CompileError extends Exception {
        CompileError(String message) {
            super(message);
        }
    }

    private final String toolClassPath;

    /** A checker whose child JVMs see the given class path after the learner's classes. */
    public Checker(String toolClassPath) {
        this.toolClassPath = toolClassPath;
    }

    /** A checker using this JVM's own class path (the generators, the harness, the probes). */
    public static Checker forThisJvm() {
        return new Checker(Sandbox.currentClassPath());
    }

    /** Compiles every Java source under {@code sources} into {@code classes}, or throws the compiler's errors. */
    public void compile(Path sources, Path classes) throws CompileError {
        var javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) throw new IllegalStateException("this Java has no compiler (a JRE, not a JDK?): " + System.getProperty("java.home"));
        List<File> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toFile).toList();
            Files.createDirectories(classes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        try (var fm = javac.getStandardFileManager(diagnostics, Locale.ENGLISH, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", classes.toString(), "-cp", toolClassPath, "-proc:none",
                    "-encoding", "UTF-8", "-g", "-Xlint:-options");
            boolean ok = javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromFiles(files)).call();
            if (!ok) {
                var sb = new StringBuilder();
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    if (d.getKind() != Diagnostic.Kind.ERROR) continue;
                    String file = d.getSource() == null ? "" : sources.toAbsolutePath().relativize(Path.of(d.getSource().toUri())).toString();
                    sb.append(file).append(':').append(d.getLineNumber()).append(": ").append(d.getMessage(Locale.ENGLISH)).append('\n');
                }
                throw new CompileError(sb.toString().strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the verifier of {@code step} on the classes in {@code learnerClasses}, telling {@code listener} as it goes. */
    public Report verify(Layout.Step step, Path learnerClasses, TestExecutionListener listener) {
        return verify(step, learnerClasses, listener, List.of(DiscoverySelectors.selectPackage(step.verifierPackage())));
    }

    /** Runs only the selected checks (e.g. one nested class of a verifier) on the classes in {@code learnerClasses}. */
    public Report verify(Layout.Step step, Path learnerClasses, TestExecutionListener listener,
                         List<? extends DiscoverySelector> selectors) {
        List<Result> results = new ArrayList<>();
        var request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .configurationParameter(Sandbox.CLASSPATH_PARAMETER, learnerClasses + File.pathSeparator + toolClassPath)
                .build();
        var collector = new TestExecutionListener() {
            private TestPlan plan;

            @Override
            public void testPlanExecutionStarted(TestPlan testPlan) {
                plan = testPlan;
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest()) return;
                List<String> names = new ArrayList<>();
                for (TestIdentifier t = id; t != null; t = plan.getParent(t).orElse(null)) {
                    if (t.getParentId().isPresent()) names.addFirst(t.getDisplayName());
                }
                boolean ok = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
                String message = result.getThrowable().map(Checker::describe).orElse("");
                results.add(new Result(names, ok, message));
            }
        };
        LauncherFactory.create().execute(request, collector, listener);
        if (results.isEmpty()) {
            throw new IllegalStateException("no verifier found for " + step.title() + " in package "
                    + step.verifierPackage() + " on the class path; is the lab built? Run ./lab first.");
        }
        return new Report(results);
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
