package lab.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lab.tools.Checker.Report;
import lab.tools.Checker.Result;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.TestExecutionListener;

/**
 * A step's solution with targeted text replacements: a learner's mistake, compiled and checked by the step's
 * verifier (all of it, or some of its nested classes), as a test fixture.
 */
final class Mutant {

    private record Edit(String file, String from, String to) {}

    private final Layout.Step step;
    private final String name;
    private final List<Edit> edits = new ArrayList<>();
    private final Map<String, String> added = new LinkedHashMap<>();
    private boolean rules = true;

    private Mutant(Layout.Step step, String name) {
        this.step = step;
        this.name = name;
    }

    /** A mutant of step {@code number}'s solution, built in target/mistakes/NN-name. */
    static Mutant of(int number, String name) {
        return new Mutant(SelfTest.LAYOUT.step(number), name);
    }

    /** Replaces {@code from}, which must occur exactly once in {@code file} (a file name under src/main/java/lab), with {@code to}. */
    Mutant replace(String file, String from, String to) {
        edits.add(new Edit(file, from, to));
        return this;
    }

    /** Adds a new source file under src/main/java/lab (a class of the learner's own). */
    Mutant add(String file, String source) {
        added.put(file, source);
        return this;
    }

    /** Runs the mutant without {@link lab.verify.Rules}: what contains code that the rules would have refused. */
    Mutant withoutRules() {
        rules = false;
        return this;
    }

    /** Writes the mutated sources into target/mistakes/NN-name/src; returns that folder. */
    Path write() throws Exception {
        Path dir = Path.of("target/mistakes/%02d-%s".formatted(step.number(), name)).toAbsolutePath();
        Core.deleteTree(dir);
        Path src = dir.resolve("src");
        Path from = step.solution().resolve("src/main/java");
        Set<String> given = Skeletons.handedOutComplete(step.solution());
        List<Edit> unused = new ArrayList<>(edits);
        try (var files = Files.walk(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path to = src.resolve(from.relativize(f));
                Files.createDirectories(to.getParent());
                String text = Files.readString(f);
                for (Edit e : edits) {
                    if (!f.getFileName().toString().equals(e.file())) continue;
                    assertThat(given).as("%s is handed out complete in %s: the checker uses the lab's copy, so an edit there is lost",
                            e.file(), step.folder()).doesNotContain(from.relativize(f).toString());
                    assertThat(text.split(java.util.regex.Pattern.quote(e.from()), -1).length - 1)
                            .as("occurrences of the mutation's anchor text in %s of %s: %s", e.file(), step.folder(), e.from())
                            .isEqualTo(1);
                    text = text.replace(e.from(), e.to());
                    unused.remove(e);
                }
                Files.writeString(to, text);
            }
        }
        assertThat(unused).as("mutations whose file is not in solutions/%s", step.folder()).isEmpty();
        for (var e : added.entrySet()) Files.writeString(src.resolve("lab").resolve(e.getKey()), e.getValue());
        return src;
    }

    /** Writes and compiles the mutated sources as the checker does. */
    Checker.Compiled compile() throws Exception {
        return Checker.compile(step, write());
    }

    /** Runs the whole verifier of the step on the mutant. */
    Report check() throws Exception {
        return check(new String[0]);
    }

    /** What the rules refuse in the mutant, one message a line (empty: nothing). */
    String refused() throws Exception {
        try (var code = compile()) {
            String found = String.join("\n", code.refused().stream().map(lab.verify.Rules.Violation::message).toList());
            System.out.printf("[selftest] mutant %02d-%s, refused:%n%s%n", step.number(), name, found.indent(14));
            return found;
        }
    }

    /**
     * Runs only these nested classes of the step's verifier (e.g. "Echo" for StepNNVerifier$Echo), or single checks
     * of them ("RunLoop#takesTurns"), on the mutant.
     */
    Report check(String... nested) throws Exception {
        String verifier = "%s.Step%02dVerifier".formatted(step.verifierPackage(), step.number());
        List<? extends org.junit.platform.engine.DiscoverySelector> selectors = nested.length == 0
                ? List.of(DiscoverySelectors.selectPackage(step.verifierPackage()))
                : Arrays.stream(nested).map(n -> n.contains("#")
                        ? selectCheck(verifier + "$" + n.substring(0, n.indexOf('#')), n.substring(n.indexOf('#') + 1))
                        : DiscoverySelectors.selectClass(verifier + "$" + n)).toList();
        long start = System.nanoTime();
        Report report;
        try (var code = compile()) {
            report = Checker.verify(step, code, new TestExecutionListener() {}, selectors, rules);
        }
        System.out.printf("[selftest] mutant %02d-%s: %d of %d checks pass (%.1f s)%n", step.number(), name,
                report.passed(), report.results().size(), (System.nanoTime() - start) / 1e9);
        report.results().stream().filter(r -> !r.passed()).findFirst().ifPresent(r ->
                System.out.println("[selftest]   " + r.names().getLast() + ":\n" + r.message().indent(14)));
        return report;
    }

    /** One check of a verifier's nested class, by its method's name (whatever its parameters), inherited or its own. */
    static org.junit.platform.engine.discovery.MethodSelector selectCheck(String nestedClass, String method) {
        try {
            Class<?> type = Class.forName(nestedClass);
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (var m : c.getDeclaredMethods()) {
                    if (m.getName().equals(method)) return DiscoverySelectors.selectMethod(type, m);
                }
            }
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no verifier class " + nestedClass, e);
        }
        throw new IllegalArgumentException("no check " + method + " in " + nestedClass);
    }

    /** The failed check whose display name contains {@code test}, or an assertion error listing the results. */
    static Result failed(Report report, String test) {
        return report.results().stream()
                .filter(r -> r.names().getLast().contains(test))
                .findFirst()
                .filter(r -> !r.passed())
                .orElseThrow(() -> new AssertionError("expected check \"" + test + "\" to fail; results: "
                        + report.results().stream().map(r -> (r.passed() ? "PASS " : "FAIL ") + r.names().getLast()).toList()));
    }
}
