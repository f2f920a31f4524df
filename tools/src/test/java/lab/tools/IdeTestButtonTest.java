package lab.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lab.tools.Checker.Report;
import lab.tools.Checker.Result;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.TestExecutionListener;

/**
 * The IDE's Test button: each step's {@code StepNNTest} (made by {@link Skeletons#ideTest}) is found by the JUnit
 * Platform as the step's verifier, and run as an IDE runs it (a JVM of its own with the step's compiled classes on
 * its class path, nothing else set) it gives every check the verdict and the message {@code ./lab check} gives.
 */
@DisplayName("The IDE's Test button on a step's StepNNTest")
class IdeTestButtonTest {

    static final Layout LAYOUT = Layout.at(Path.of(System.getProperty("lab.root", "..")));

    /** How long one IDE run may take: step 01's nine checks take a few seconds. */
    static final long DEADLINE_SECONDS = 180;

    @TempDir
    static Path dir;

    /** Every step's generated StepNNTest, compiled against the verifiers, as an IDE compiles a step's test folder. */
    static Path ideClasses;

    @BeforeAll
    static void compileTheTestClasses() throws Exception {
        Path src = dir.resolve("ide-src");
        for (Layout.Step step : LAYOUT.steps()) {
            for (var e : Skeletons.ideTest(step).entrySet()) {
                assertThat(e.getKey()).startsWith("src/test/java/");
                Path f = src.resolve(e.getKey().substring("src/test/java/".length()));
                Files.createDirectories(f.getParent());
                Files.writeString(f, e.getValue());
            }
        }
        ideClasses = dir.resolve("ide-classes");
        Compiler.compile(src, ideClasses, System.getProperty("java.class.path"));
    }

    @Test
    @DisplayName("lists, for every step, exactly the checks of the step's verifier, under the verifier's name")
    void listsTheVerifiersChecks() throws Exception {
        List<String> args = new ArrayList<>(List.of("list"));
        for (Layout.Step step : LAYOUT.steps()) args.addAll(List.of(ideTest(step), verifier(step)));
        List<String[]> lines = ide(args, List.of(ideClasses));
        for (Layout.Step step : LAYOUT.steps()) {
            List<String> listed = checks(lines, ideTest(step)), verified = checks(lines, verifier(step));
            assertThat(verified).as("checks of %s", verifier(step)).isNotEmpty();
            assertThat(listed).as("checks the IDE lists for %s", ideTest(step)).isEqualTo(verified);
        }
    }

    @Test
    @DisplayName("runs step 01's checks on the classes the IDE compiled, with ./lab check's verdicts and messages: the skeleton fails them all, the solution passes them all")
    void runsTheChecksAsLabCheckDoes() throws Exception {
        Layout.Step step = LAYOUT.step(1);
        Path skeleton = dir.resolve("skeleton");
        for (var e : new Skeletons(LAYOUT.book()).generate(step.solution()).entrySet()) {
            Path f = skeleton.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
        }
        for (Path sources : List.of(skeleton.resolve("src/main/java"), step.solution().resolve("src/main/java"))) {
            boolean solution = sources.startsWith(step.solution());
            try (var code = Checker.compile(step, sources)) {
                Report checked = Checker.verify(step, code, new TestExecutionListener() {});
                Map<String, Result> byName = new LinkedHashMap<>();
                for (Result r : checked.results()) byName.put(String.join(" › ", r.names()), r);
                assertThat(checked.results()).as("./lab check's checks").isNotEmpty()
                        .allMatch(r -> r.passed() == solution, solution ? "passed" : "failed");

                List<String[]> lines = ide(List.of("run", ideTest(step)), List.of(ideClasses, code.classes()));
                Map<String, String[]> ran = new LinkedHashMap<>();
                for (String[] l : lines) if (!l[0].equals("CHECK")) ran.put(l[2], l);
                assertThat(ran.keySet()).as("checks the IDE ran").containsExactlyInAnyOrderElementsOf(byName.keySet());
                for (var e : byName.entrySet()) {
                    String[] l = ran.get(e.getKey());
                    assertThat(l[0]).as(e.getKey()).isEqualTo(e.getValue().passed() ? "PASS" : "FAIL");
                    assertThat(IdeRun.unescape(l.length > 3 ? l[3] : "")).as("the IDE's message for " + e.getKey()).isEqualTo(e.getValue().message());
                }
            }
        }
    }

    static String ideTest(Layout.Step step) {
        return "%s.Step%02dTest".formatted(step.verifierPackage(), step.number());
    }

    static String verifier(Layout.Step step) {
        return "%s.Step%02dVerifier".formatted(step.verifierPackage(), step.number());
    }

    /** The names of the checks listed for one test class. */
    static List<String> checks(List<String[]> lines, String testClass) {
        return lines.stream().filter(l -> l[0].equals("CHECK") && l[1].equals(testClass)).map(l -> l[2]).toList();
    }

    /**
     * Runs {@link IdeRun} in a JVM of its own, in a scratch folder, with {@code first} ahead of this JVM's class path
     * (which holds the verifiers, never a step's classes); its lines, split at tabs. Killed at the deadline.
     */
    static List<String[]> ide(List<String> args, List<Path> first) throws IOException, InterruptedException {
        List<String> classPath = new ArrayList<>(first.stream().map(Path::toString).toList());
        classPath.add(System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, classPath), IdeRun.class.getName()));
        cmd.addAll(args);
        Path work = Files.createTempDirectory(dir, "ide-run-"), out = work.resolve("output.txt");
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            if (!p.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("the IDE run did not end within " + DEADLINE_SECONDS + " s: " + cmd.subList(3, cmd.size()));
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        List<String> text = Files.readAllLines(out);
        assertThat(p.exitValue()).as("the IDE run's exit code; its output:\n" + String.join("\n", text)).isZero();
        return text.stream().filter(l -> l.startsWith("CHECK\t") || l.startsWith("PASS\t") || l.startsWith("FAIL\t"))
                .map(l -> l.split("\t", -1)).toList();
    }
}
