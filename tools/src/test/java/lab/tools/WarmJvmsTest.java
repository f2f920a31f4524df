package lab.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lab.verify.Sandbox;
import lab.verify.step01.Step01Probe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVMs {@code watch} starts ahead of its checks: one booted while the folder held other classes runs the classes
 * compiled since, never the old ones; the rules read the folder as it is now, never a scan of what it held before;
 * a cancel kills those that wait; and one whose checker is gone ends by itself.
 */
@DisplayName("JVMs started ahead of their checks (watch)")
class WarmJvmsTest {

    static final Layout.Step STEP = IdeLaunchTest.LAYOUT.step(1);
    static final Duration DEADLINE = Duration.ofSeconds(10);

    @TempDir
    Path scratch;

    @AfterEach
    void stop() {
        Sandbox.stopWarm();
        Sandbox.resume();
    }

    @Test
    @DisplayName("a JVM booted while the folder held the skeleton runs the solution compiled into it since")
    void runsTheClassesCompiledAfterItStarted() throws Exception {
        Path classes = scratch.resolve("classes");
        try (var skeleton = Checker.compile(STEP, STEP.skeleton().resolve("src/main/java"), classes)) {
            Sandbox.keepWarm();
            var cold = run(skeleton.sandbox());
            assertThat(cold).as("the skeleton's countdown, in a JVM started for it").noneMatch(l -> l.contains("T-minus"));
            Sandbox.refill(4);
            assertThat(Sandbox.warmWaiting()).as("JVMs started ahead, one per run of the last check").isEqualTo(1);
        }
        Thread.sleep(500); // let it boot on the skeleton's folder
        try (var solution = Checker.compile(STEP, STEP.solution().resolve("src/main/java"), classes)) {
            assertThat(solution.classes()).isEqualTo(classes);
            var warm = run(solution.sandbox());
            assertThat(Sandbox.warmWaiting()).as("JVMs waiting once the check took one").isZero();
            assertThat(warm).as("the countdown, in the JVM started ahead").containsExactly("T-minus 3", "T-minus 2", "T-minus 1");
        }
    }

    @Test
    @DisplayName("the rules scan the folder again when new classes replace the old: code they refuse is refused")
    void rulesSeeTheNewClasses() throws Exception {
        Path classes = scratch.resolve("classes");
        try (var solution = Checker.compile(STEP, STEP.solution().resolve("src/main/java"), classes)) {
            assertThat(solution.refused()).as("the solution").isEmpty();
        }
        Path hostile = scratch.resolve("hostile/lab");
        Files.createDirectories(hostile);
        for (Path p : Files.list(STEP.solution().resolve("src/main/java/lab")).toList()) Files.copy(p, hostile.resolve(p.getFileName()));
        Path tasks = hostile.resolve("Tasks.java");
        Files.writeString(tasks, Files.readString(tasks).replace("public final class Tasks {", "public final class Tasks { static { try { Runtime.getRuntime().exec(new String[] {\"true\"}); } catch (Exception e) { } }"));
        try (var code = Checker.compile(STEP, hostile.getParent(), classes)) {
            assertThat(code.classes()).isEqualTo(classes);
            assertThat(code.refused()).as("the same folder, now with a class that starts a process").isNotEmpty();
        }
    }

    @Test
    @DisplayName("a cancel ends the JVMs that wait; one whose checker is gone (stdin closed) ends by itself")
    void nothingOutlivesItsChecker() throws Exception {
        Path classes = scratch.resolve("classes");
        try (var code = Checker.compile(STEP, STEP.solution().resolve("src/main/java"), classes)) {
            Sandbox.keepWarm();
            run(code.sandbox());
            run(code.sandbox());
            Sandbox.refill(4);
            assertThat(Sandbox.warmWaiting()).isEqualTo(2);
            Sandbox.cancel();
            assertThat(Sandbox.warmWaiting()).as("JVMs waiting after a cancel").isZero();
        }
        Path probe = Sandbox.generators().getParent(); // any folder: the launcher needs only its module
        var p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", Path.of(lab.probe.Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                "--add-modules", "lab.probe", "-cp", probe.toString(), lab.probe.Launcher.class.getName())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).redirectErrorStream(true).start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("a launcher whose stdin ends before its go line ends").isTrue();
        assertThat(p.exitValue()).as("its exit code: the probe's EXIT_ORPHANED").isEqualTo(lab.probe.Probe.EXIT_ORPHANED);
    }

    private static List<String> run(Sandbox sandbox) {
        try (var run = sandbox.start(Step01Probe.class, DEADLINE, "countdown", "3")) {
            return run.finish().output();
        }
    }
}
