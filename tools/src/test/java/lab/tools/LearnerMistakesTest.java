package lab.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import lab.tools.Checker.Report;
import lab.tools.Checker.Result;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Step 01's verifier against the solution with one classic mistake each: the check must fail, quickly, with a
 * message that names the mistake, and must never hang or take the build down.
 */
@DisplayName("Step 01's verifier, given a learner's mistake")
@EnabledIfSystemProperty(named = "lab.selftest", matches = "true")
class LearnerMistakesTest {

    static final Layout.Step STEP = SelfTest.LAYOUT.step(1);

    /** The solution's Scheduler.java with one piece of text replaced, checked by the whole verifier. */
    static Report mutant(String name, String from, String to) throws Exception {
        return Mutant.of(STEP.number(), name).replace("Scheduler.java", from, to).check();
    }

    static Result firstFailure(Report report) {
        return report.results().stream().filter(r -> !r.passed()).findFirst().orElseThrow();
    }

    @Test
    @DisplayName("an endless loop in run() fails every run() check within seconds, saying where it loops")
    void endlessLoop() throws Exception {
        long start = System.nanoTime();
        Report report = mutant("endless-loop", "while (!tasks.isEmpty()) {", "while (true) { if (tasks.isEmpty()) continue;");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("[selftest] endless loop in run(): whole check took %.1f s%n", took.toMillis() / 1000.0);
        Result first = firstFailure(report);
        assertThat(first.message()).contains("did not finish in time").contains("lab.Scheduler.run(Scheduler.java:");
        assertThat(report.allPassed()).isFalse();
        assertThat(took).as("the whole check, endless loops included").isLessThan(Duration.ofSeconds(30));
    }

    @Test
    @DisplayName("System.exit in run() is refused before it runs, with its line; run anyway, it fails the check and says who called it")
    void systemExit() throws Exception {
        var mutant = Mutant.of(1, "system-exit").replace("Scheduler.java", "                System.out.println(\"Task done\");",
                "                System.out.println(\"Task done\");\n                if (tasks.isEmpty()) System.exit(0);");
        assertThat(mutant.refused()).contains("Scheduler.java:").contains("System.exit(...)").contains("return from run() instead");
        Report report = mutant.withoutRules().check("RunLoop");
        assertThat(firstFailure(report).message()).contains("System.exit").contains("lab.Scheduler.run(Scheduler.java:");
    }

    @Test
    @DisplayName("a thread started by spawn() is refused before it runs; run anyway, it fails the check and names the thread")
    void strayThread() throws Exception {
        var mutant = Mutant.of(1, "stray-thread").replace("Scheduler.java", "        tasks.addLast(task);\n        // END",
                "        tasks.addLast(task);\n        Thread.ofPlatform().name(\"helper\").start(() -> { while (true) Thread.onSpinWait(); });\n        // END");
        assertThat(mutant.refused()).contains("Thread.ofPlatform()").contains("spawn a task");
        Report report = mutant.withoutRules().check("RunLoop");
        assertThat(firstFailure(report).message()).contains("started threads: helper");
    }

    @Test
    @DisplayName("spawning at the front instead of the back fails with the first line that differs")
    void wrongEnd() throws Exception {
        Report report = mutant("wrong-end", "        tasks.addLast(task);\n        // END", "        tasks.addFirst(task);\n        // END");
        assertThat(report.allPassed()).isFalse();
        assertThat(firstFailure(report).message()).contains("differs:").contains("line ");
    }

    @Test
    @DisplayName("forgetting Task done fails with the expected and the actual trace")
    void noTaskDone() throws Exception {
        Report report = mutant("no-task-done", "System.out.println(\"Task done\");", "/* forgot */");
        assertThat(firstFailure(report).message()).contains("expected \"Task done\"");
    }
}
