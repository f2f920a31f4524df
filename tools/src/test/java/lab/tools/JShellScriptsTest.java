package lab.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import lab.verify.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Every {@code jshell/NN.jsh} run as {@code ./lab jshell N --solution} starts it, against the step's solution,
 * with {@code /exit} typed after it: it prints its banner, its three tries and what they show, and no jshell error.
 *
 * <p>Runs in the selftest profile, after the reactor has built the solutions' {@code target/classes}.
 */
@DisplayName("The jshell scripts")
@EnabledIfSystemProperty(named = "lab.selftest", matches = "true")
class JShellScriptsTest {

    static final Layout LAYOUT = SelfTest.LAYOUT;

    /** A script that takes longer than this is stopped (with jshell's JVM for the snippets) and fails. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Lines each step's script must print against the solution, beside its banner and its three tries. */
    static final Map<Integer, List<String>> EXPECTED = Map.of(
            1, List.of(
                    "next() #1 -> T-minus 3",
                    "next() #4 -> StopIteration: the body returned, state DONE",
                    "Up we go 1",
                    "ping 2 on thread main",
                    "run() returned on thread main"),
            2, List.of(
                    "reader yields Recv[channel=",
                    "Got: hi",
                    "pipe closed: the reader ended, state DONE",
                    "T-minus 1",
                    "Got: hello",
                    "Got: bye",
                    "run() returned: nothing ready, nothing waiting",
                    "run() threw: unknown yield reason sleep 1s from task sleeper"),
            3, List.of(
                    "Listening on /127.0.0.1:",
                    "client sent hello, got back GOT:hello",
                    "client sent again, got back GOT:again",
                    "Connection closed /127.0.0.1:",
                    "runs on thread scheduler-",
                    "client 3 sent three, got back GOT:three",
                    "client 1 sent one, got back GOT:one",
                    "client 2 sent two, got back GOT:two",
                    "Task failed: echoHandler /127.0.0.1:",
                    "next client sent still there?, got back GOT:still there?"),
            4, List.of(
                    "the next write took 0 bytes",
                    "all 1048576 bytes came back, in order,",
                    "the greedy client is held back",
                    "meanwhile a client sent ping, got back GOT:ping in",
                    "the greedy client reads now: all 8388608 bytes came back, in order,",
                    "the greedy client's write has finished"),
            5, List.of(
                    "the task yields Recv[channel=",
                    "recv returned 2 bytes: hi",
                    "the task ended, state DONE",
                    "client 1 sent hello, got back GOT:HELLO",
                    "client 2 sent generators, got back GOT:GENERATORS",
                    "the greedy client is held back",
                    "meanwhile a client sent ping, got back GOT:ping in",
                    "the greedy client reads now: all 8388608 bytes came back, in order,",
                    "the greedy client's write has finished"),
            6, List.of(
                    "woke in order: 100 ms, 200 ms, 300 ms",
                    "recv timed out: nothing to read for 300 ms",
                    "recv returned 2 bytes: hi",
                    "client sent hello, got back GOT:hello",
                    "Idle timeout /127.0.0.1:",
                    "the server closed the quiet client after"));

    /** jshell's own greeting and farewell, which are not the script's output. */
    static final List<String> JSHELL_FLUFF = List.of(
            "|  Welcome to JShell", "|  For an introduction type: /help intro", "|  Goodbye");

    // jshell compiles every snippet and starts a second JVM: two scripts at a time keep both cores busy
    static final ExecutorService POOL = Executors.newFixedThreadPool(2);

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    static List<Path> scripts() {
        try (Stream<Path> files = Files.list(LAYOUT.root().resolve("jshell"))) {
            return files.filter(f -> f.getFileName().toString().matches("\\d\\d\\.jsh")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @DisplayName("every step has a jshell script")
    void everyStepHasAScript() {
        List<String> missing = LAYOUT.steps().stream()
                .filter(step -> !Files.isRegularFile(JShellCommand.script(LAYOUT, step)))
                .map(step -> "jshell/%02d.jsh".formatted(step.number())).toList();
        assertThat(missing).as("steps without a script for ./lab jshell N").isEmpty();
    }

    @TestFactory
    @DisplayName("every script, against its step's solution")
    Stream<DynamicTest> everyScript() {
        // all started now, so that they run side by side while the tests below wait for them one by one
        List<Path> scripts = scripts();
        var runs = scripts.stream().map(s -> CompletableFuture.supplyAsync(() -> run(s), POOL)).toList();
        return scripts.stream().map(script -> DynamicTest.dynamicTest(script.getFileName().toString(),
                () -> check(script, runs.get(scripts.indexOf(script)).join())));
    }

    record Run(String output, boolean finished, int exitCode, Duration took) {}

    static Run run(Path script) {
        int number = Integer.parseInt(script.getFileName().toString().substring(0, 2));
        Layout.Step step = LAYOUT.step(number);
        Path classes = step.solution().resolve("target/classes");
        if (!Files.isDirectory(classes)) {
            return new Run("no " + classes + "; build the solutions first (./mvnw install -DskipTests)", true, -1, Duration.ZERO);
        }
        List<String> cmd = JShellCommand.command(JShellCommand.jshellBinary(), classes, Sandbox.generators().toString(),
                script, "solutions/" + step.folder());
        long start = System.nanoTime();
        try {
            Path out = Files.createTempFile("jshell-" + step.folder(), ".txt");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try (var in = p.getOutputStream()) {
                in.write("/exit\n".getBytes(StandardCharsets.UTF_8));
            }
            boolean finished = p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                // jshell runs the snippets in a JVM of its own: stop that one too, or it outlives the test
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            String output = Files.readString(out);
            Files.delete(out);
            return new Run(output, finished, finished ? p.exitValue() : -1, took);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void check(Path script, Run run) {
        String name = "jshell/" + script.getFileName();
        int number = Integer.parseInt(script.getFileName().toString().substring(0, 2));
        System.out.printf("[selftest] %s against the solution: %.1f s%n", name, run.took().toMillis() / 1000.0);
        String shown = "\n---- what jshell printed ----\n" + run.output() + "\n----";
        if (!run.finished()) fail(name + " did not finish within " + TIMEOUT.toSeconds() + " s (something blocks?)" + shown);
        assertThat(run.exitCode()).as("jshell's exit code for %s%s", name, shown).isZero();

        List<String> lines = run.output().lines()
                .map(l -> l.replace("jshell> ", ""))
                // jshell echoes the /exit we type, sometimes cut and run together with its goodbye: "/ex|  Goodbye"
                .map(l -> l.replaceFirst("^/e?x?i?t?(?=\\|  Goodbye)", ""))
                .filter(l -> JSHELL_FLUFF.stream().noneMatch(l::startsWith))
                .toList();
        // what jshell prints for a snippet that does not compile or throws, and a thread's uncaught exception;
        // not a scheduler's own log line like "Task failed: echoHandler ...: java.net.SocketException: Connection reset"
        assertThat(lines).as("%s printed a jshell error or an uncaught exception%s", name, shown)
                .noneMatch(l -> l.startsWith("Error:") || l.startsWith("Exception") || l.startsWith("Caused by")
                        || l.contains("|  ") || l.matches("\\s+at \\S.*"));
        assertThat(run.output()).as("%s's banner, on continuations%s", name, shown)
                .contains("=== Step %02d".formatted(number))
                .contains("code: solutions/" + LAYOUT.step(number).folder())
                .contains("generators run on CONTINUATIONS")
                .doesNotContain("generators run on threads");
        assertThat(run.output()).as("%s's three tries%s", name, shown).contains("\n[1] ", "\n[2] ", "\n[3] ");
        assertThat(EXPECTED).as("the lines %s must print: add them to JShellScriptsTest.EXPECTED", name).containsKey(number);
        assertThat(run.output()).as("what %s shows%s", name, shown).contains(EXPECTED.get(number));
    }
}
