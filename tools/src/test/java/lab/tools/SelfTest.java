package lab.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lab.tools.Checker.Report;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.platform.launcher.TestExecutionListener;

/**
 * The maintainers' proof that the lab holds together: for every step, the committed skeleton is what the
 * solution generates, the verifier fails on that skeleton and passes on the solution.
 *
 * <p>Runs in the selftest profile ({@code ./mvnw verify -Pselftest}); a learner's own build skips it, since a
 * learner's steps/ differ from the skeletons on purpose.
 */
@DisplayName("The lab's self-test")
@EnabledIfSystemProperty(named = "lab.selftest", matches = "true")
class SelfTest {

    static final Layout LAYOUT = Layout.at(Path.of(System.getProperty("lab.root", "..")));

    @TestFactory
    @DisplayName("every step")
    Stream<DynamicTest> everyStep() {
        var skeletons = new Skeletons(LAYOUT.book());
        return LAYOUT.steps().stream().flatMap(step -> Stream.of(
                DynamicTest.dynamicTest(step.title() + ": the committed skeleton (and its IDE test class) is what the solution generates",
                        () -> skeletonIsCurrent(step, skeletons)),
                DynamicTest.dynamicTest(step.title() + ": the verifier fails on the untouched skeleton",
                        () -> verifierFailsOnSkeleton(step, skeletons)),
                DynamicTest.dynamicTest(step.title() + ": the verifier passes on the solution",
                        () -> verifierPassesOnSolution(step))));
    }

    static void skeletonIsCurrent(Layout.Step step, Skeletons skeletons) throws IOException {
        List<String> stale = new ArrayList<>();
        Map<String, String> expected = skeletons.generate(step.solution());
        for (var e : expected.entrySet()) {
            Path f = step.skeleton().resolve(e.getKey());
            if (!Files.exists(f) || !Files.readString(f).equals(e.getValue())) stale.add(e.getKey());
        }
        for (var e : Skeletons.ideTest(step).entrySet()) {
            Path f = step.skeleton().resolve(e.getKey());
            if (!Files.exists(f) || !Files.readString(f).equals(e.getValue())) stale.add(e.getKey());
        }
        assertThat(stale).as("files of steps/%s that differ from what solutions/%s and Skeletons.ideTest generate; run ./lab skeletons",
                step.folder(), step.folder()).isEmpty();
        assertThat(Core.sources(step.skeleton())).as("Java files in steps/%s", step.folder()).hasSize(expected.size());
    }

    /** The verifier's report on the step's untouched skeleton, generated afresh in {@code dir} (whatever is in steps/ now). */
    static Report checkSkeleton(Layout.Step step, Skeletons skeletons, Path dir) throws Exception {
        Core.deleteTree(dir);
        for (var e : skeletons.generate(step.solution()).entrySet()) {
            Path f = dir.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
        }
        try (var code = Checker.compile(step, dir.resolve("src/main/java"))) {
            assertThat(code.refused()).as("what the rules refuse in the untouched skeleton").isEmpty();
            return Checker.verify(step, code, new TestExecutionListener() {});
        }
    }

    static void verifierFailsOnSkeleton(Layout.Step step, Skeletons skeletons) throws Exception {
        Report report = checkSkeleton(step, skeletons, Path.of("target/selftest/skeleton-" + step.folder()));
        System.out.printf("[selftest] %s verifier on the untouched skeleton: %d of %d checks pass -> FAILS, as it must%n",
                step.title(), report.passed(), report.results().size());
        assertThat(report.results()).as("checks found").isNotEmpty();
        assertThat(report.allPassed()).as("the verifier passed an untouched skeleton").isFalse();
        report.results().stream().filter(r -> !r.passed()).findFirst().ifPresent(r ->
                System.out.println("[selftest]   first failure, as a learner sees it:\n" + r.message().indent(14)));
    }

    static void verifierPassesOnSolution(Layout.Step step) throws Exception {
        // the solution's sources through the same path as a learner's: compiled apart, the rules, contained runs
        Report report;
        try (var code = Checker.compile(step, step.solution().resolve("src/main/java"))) {
            assertThat(code.refused()).as("what the rules refuse in the solution of %s", step.title()).isEmpty();
            report = Checker.verify(step, code, new TestExecutionListener() {});
        }
        System.out.printf("[selftest] %s verifier on the solution: %d of %d checks pass%s%n",
                step.title(), report.passed(), report.results().size(), report.allPassed() ? " -> PASSES" : "");
        report.results().stream().filter(r -> !r.passed())
                .forEach(r -> System.out.println("[selftest]   FAILED " + r.names() + "\n" + r.message().indent(14)));
        assertThat(report.allPassed()).as("the verifier passes the solution of %s", step.title()).isTrue();
    }
}
