package lab.tools.grade;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lab.tools.Checker;
import lab.tools.Layout;
import lab.verify.Rules;
import lab.verify.Words;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.TestExecutionListener;

/**
 * Grades the steps of one submission, one after the other, in a JVM of its own that the grader kills when a step
 * passes its deadline: for each step, compiles the learner's sources with the lab's own copies of the files the step
 * hands out (in this JVM: it is the killable process), applies the rules, runs the step's verifier and then the
 * instructor's hidden checks for the step (package {@code lab.hidden.stepNN}), and writes what it found as
 * {@code OUT/NN.json}, a results file of one step, as soon as that step is done.
 *
 * <pre>java -cp TOOLS[:HIDDEN] lab.tools.grade.StepWorker LAB_ROOT SOURCES OUT STEP...</pre>
 * where {@code SOURCES/NN-name/lab/*.java} are each step's sources.
 */
public final class StepWorker {

    /** The grader's words in the instructor's language ({@code lab/tools/grade/messages*.properties}). */
    private static final Words WORDS = Words.of(StepWorker.class);

    private StepWorker() {}

    /** The package of the hidden checks for a step. */
    static String hiddenPackage(int step) {
        return "lab.hidden.step%02d".formatted(step);
    }

    /** Entry point; exits 0 once it has written its results, whatever they say. */
    public static void main(String[] args) throws Exception {
        Layout layout = Layout.at(Path.of(args[0]));
        Path sources = Path.of(args[1]), out = Path.of(args[2]);
        for (int i = 3; i < args.length; i++) {
            Layout.Step step = layout.step(Integer.parseInt(args[i]));
            Path partial = out.resolve(step.number() + ".json.part");
            Results.write(grade(step, sources.resolve(step.folder())), partial);
            // whole or not at all: the grader watches for this file to know the step is done
            java.nio.file.Files.move(partial, out.resolve(resultFile(step.number())), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        System.exit(0);
    }

    /** The name of the file the worker writes for a step. */
    static String resultFile(int step) {
        return "%02d.json".formatted(step);
    }

    /** The results of one step: a submission with one step, its checks as tests. */
    static Results.Submission grade(Layout.Step step, Path sources) {
        if (!Files.isDirectory(sources.resolve("lab"))) {
            return one(Results.Step.error(step.number(), step.title(), WORDS.say("grader.noSources", step.folder())), List.of());
        }
        try (var code = Checker.compile(step, sources)) {
            List<Rules.Violation> refused = code.refused();
            if (!refused.isEmpty()) {
                return one(Results.Step.error(step.number(), step.title(), WORDS.say("worker.notRun", Rules.report(refused))), List.of());
            }
            List<DiscoverySelector> selectors = new ArrayList<>(List.of(DiscoverySelectors.selectPackage(step.verifierPackage())));
            boolean hidden = hasHidden(step.number());
            if (hidden) selectors.add(DiscoverySelectors.selectPackage(hiddenPackage(step.number())));
            Checker.Report report = Checker.verify(step, code, new TestExecutionListener() {}, selectors);
            List<Results.Test> tests = new ArrayList<>();
            for (Checker.Result r : report.results()) {
                String name = step.title() + " › " + String.join(" › ", r.names());
                tests.add(new Results.Test(name, r.passed() ? Results.PASS : Results.FAIL, r.passed() ? null : r.message(), null, step.number()));
            }
            long passed = report.passed();
            String status = report.allPassed() ? Results.PASS : Results.FAIL;
            String reason = report.allPassed() ? null : WORDS.say("worker.failing", report.results().size() - passed, report.results().size());
            return one(new Results.Step(step.number(), step.title(), status, (int) passed, report.results().size(), reason), tests);
        } catch (lab.tools.Compiler.CompileError e) {
            return one(Results.Step.error(step.number(), step.title(), WORDS.say("worker.doesNotCompile") + "\n" + e.getMessage()), List.of());
        }
    }

    /** Whether the instructor's hidden checks for this step are on the class path. */
    private static boolean hasHidden(int step) {
        return Thread.currentThread().getContextClassLoader().getResource(hiddenPackage(step).replace('.', '/')) != null;
    }

    private static Results.Submission one(Results.Step step, List<Results.Test> tests) {
        return Results.Submission.of("", "", List.of(step), tests);
    }
}
