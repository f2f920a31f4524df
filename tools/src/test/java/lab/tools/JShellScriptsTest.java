package lab.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lab.verify.Lang;
import lab.verify.Sandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code jshell/NN.jsh} run as {@code ./lab jshell N --solution} starts it, against the step's solution,
 * with {@code /exit} typed after it: it prints its banner, its three tries and what they show, and no jshell error.
 * So does each translation ({@code jshell/NN.de.jsh}, {@code jshell/NN.fr.jsh}), checked for the lines the lab's
 * code prints, the same in every language; and each has the English script's code, line for line.
 *
 * <p>The runs happen in the selftest profile, after the reactor has built the solutions' {@code target/classes};
 * the tests that only read the scripts, in any build.
 */
@DisplayName("The jshell scripts")
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

    /**
     * What each step's script prints in every language: the parts of {@link #EXPECTED} that the lab's code and the
     * data the tries send make, not the scripts' own words.
     */
    static final Map<Integer, List<String>> IN_EVERY_LANGUAGE = Map.of(
            1, List.of("next() #1 -> T-minus 3", "next() #4 -> StopIteration", "Up we go 1"),
            2, List.of("Recv[channel=", "Got: hi", "T-minus 1", "Got: hello", "Got: bye",
                    "unknown yield reason sleep 1s from task sleeper"),
            3, List.of("Listening on /127.0.0.1:", "GOT:hello", "GOT:again", "Connection closed /127.0.0.1:", "scheduler-",
                    "GOT:three", "GOT:one", "GOT:two", "Task failed: echoHandler /127.0.0.1:", "GOT:still there?"),
            4, List.of("GOT:ping"),
            5, List.of("Recv[channel=", "GOT:HELLO", "GOT:GENERATORS", "GOT:ping"),
            6, List.of("100 ms, 200 ms, 300 ms", "nothing to read for 300 ms", "GOT:hello", "Idle timeout /127.0.0.1:"));

    /** The languages with a script of their own for every step. */
    static final List<Lang> TRANSLATED = List.of(Lang.DE, Lang.FR);

    /** jshell's own greeting and farewell, which are not the script's output. */
    static final List<String> JSHELL_FLUFF = List.of(
            "|  Welcome to JShell", "|  For an introduction type: /help intro", "|  Goodbye");

    // jshell compiles every snippet and starts a second JVM: two scripts at a time keep both cores busy
    static final ExecutorService POOL = Executors.newFixedThreadPool(2);

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    /** The English scripts, {@code jshell/NN.jsh}. */
    static List<Path> scripts() {
        try (Stream<Path> files = Files.list(LAYOUT.root().resolve("jshell"))) {
            return files.filter(f -> f.getFileName().toString().matches("\\d\\d\\.jsh")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An English script's translation: {@code jshell/01.de.jsh} for {@code jshell/01.jsh}. */
    static Path translation(Path english, Lang lang) {
        return english.resolveSibling(english.getFileName().toString().replace(".jsh", lang.suffix + ".jsh"));
    }

    @Test
    @DisplayName("every step has a jshell script, in every language")
    void everyStepHasAScript() {
        List<String> missing = new ArrayList<>();
        for (Layout.Step step : LAYOUT.steps()) {
            for (Lang lang : Lang.values()) {
                String name = "%02d%s.jsh".formatted(step.number(), lang.suffix);
                if (!JShellCommand.script(LAYOUT, step, lang).getFileName().toString().equals(name)) missing.add("jshell/" + name);
            }
        }
        assertThat(missing).as("scripts missing for ./lab jshell N (a language without one gets the English)").isEmpty();
    }

    @Test
    @DisplayName("./lab jshell N runs the script of the chosen language, else the English one")
    void theChosenLanguagesScript(@TempDir Path root) throws IOException {
        Layout.Step step = LAYOUT.step(1);
        String before = System.getProperty(Lang.PROPERTY);
        try {
            for (Lang lang : Lang.values()) {
                System.setProperty(Lang.PROPERTY, lang.code());
                assertThat(JShellCommand.script(LAYOUT, step)).as("the script for --lang %s", lang.code())
                        .isEqualTo(LAYOUT.root().resolve("jshell/01" + lang.suffix + ".jsh"));
            }
        } finally {
            if (before == null) System.clearProperty(Lang.PROPERTY);
            else System.setProperty(Lang.PROPERTY, before);
        }
        // a lab whose step 1 has only the English script, and a French one for step 2 but no English
        Files.createDirectories(root.resolve("jshell"));
        Files.writeString(root.resolve("jshell/01.jsh"), "");
        Files.writeString(root.resolve("jshell/02.fr.jsh"), "");
        var lab = new Layout(root);
        var one = new Layout.Step(1, "task-queue", root.resolve("steps/01-task-queue"), root.resolve("solutions/01-task-queue"));
        var two = new Layout.Step(2, "waiting-tasks", root.resolve("steps/02-waiting-tasks"), root.resolve("solutions/02-waiting-tasks"));
        assertThat(JShellCommand.script(lab, one, Lang.DE)).isEqualTo(root.resolve("jshell/01.jsh"));
        assertThat(JShellCommand.script(lab, two, Lang.FR)).isEqualTo(root.resolve("jshell/02.fr.jsh"));
        assertThat(JShellCommand.script(lab, two, Lang.DE)).as("no script at all: the English name, for the notice")
                .isEqualTo(root.resolve("jshell/02.jsh"));
    }

    @TestFactory
    @DisplayName("every translated script has the English one's code, line for line")
    Stream<DynamicTest> sameCode() {
        return scripts().stream().flatMap(english -> TRANSLATED.stream().map(lang -> {
            Path translated = translation(english, lang);
            return DynamicTest.dynamicTest(translated.getFileName().toString(), () -> {
                String name = "jshell/" + translated.getFileName();
                assertThat(translated).as("%s, the translation of jshell/%s", name, english.getFileName()).isRegularFile();
                String theirs = Files.readString(translated), ours = Files.readString(english);
                List<String> code = codeOnly(theirs).lines().toList(), englishCode = codeOnly(ours).lines().toList();
                for (int i = 0; i < Math.min(code.size(), englishCode.size()); i++) {
                    assertThat(code.get(i)).as("line %d of %s without its comments and the text in its strings,"
                            + " against jshell/%s:%n  %s%n  %s", i + 1, name, english.getFileName(),
                            theirs.lines().skip(i).findFirst().orElse(""), ours.lines().skip(i).findFirst().orElse(""))
                            .isEqualTo(englishCode.get(i));
                }
                assertThat(code).as("the lines of %s (one for each line of jshell/%s)", name, english.getFileName())
                        .hasSameSizeAs(englishCode);
                // the book and the banner name the tries by their methods: "[1] stepByStep()"
                assertThat(tries(theirs)).as("the tries %s prints", name).isEqualTo(tries(ours)).hasSize(3);
            });
        }));
    }

    /** The tries a script prints, as {@code [1] stepByStep()}. */
    static List<String> tries(String script) {
        return Pattern.compile("\\[\\d] \\w+\\(\\)").matcher(script).results().map(MatchResult::group).toList();
    }

    /**
     * A script's Java with its comments left out and its string literals, text blocks and character literals
     * emptied ({@code ""}, {@code """\n"""}, {@code ''}); each line stays on its line and trailing spaces go.
     */
    static String codeOnly(String script) {
        var code = new StringBuilder();
        int i = 0, n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            if (script.startsWith("//", i)) {
                while (i < n && script.charAt(i) != '\n') i++;
            } else if (script.startsWith("/*", i)) {
                int end = script.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                script.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> code.append('\n'));
                i = end;
            } else if (c == '"' || c == '\'') {
                String quote = script.startsWith("\"\"\"", i) ? "\"\"\"" : String.valueOf(c);
                code.append(quote);
                i += quote.length();
                while (i < n && !script.startsWith(quote, i)) {
                    if (script.charAt(i) == '\\') i++; // an escape: the next character is text, even a quote
                    if (i < n && script.charAt(i) == '\n') code.append('\n'); // a text block's lines, or an unclosed string
                    i++;
                }
                code.append(quote);
                i += quote.length();
            } else {
                code.append(c);
                i++;
            }
        }
        return code.toString().lines().map(String::stripTrailing).collect(Collectors.joining("\n", "", "\n"));
    }

    @TestFactory
    @DisplayName("every script, against its step's solution, in every language")
    @EnabledIfSystemProperty(named = "lab.selftest", matches = "true")
    Stream<DynamicTest> everyScript() {
        // all started now, so that they run side by side while the tests below wait for them one by one;
        // the English ones first, as the ones checked most closely
        List<Path> scripts = Stream.concat(scripts().stream(),
                TRANSLATED.stream().flatMap(lang -> scripts().stream().map(english -> translation(english, lang)))).toList();
        var runs = scripts.stream().map(s -> CompletableFuture.supplyAsync(() -> run(s), POOL)).toList();
        return scripts.stream().map(script -> DynamicTest.dynamicTest(script.getFileName().toString(),
                () -> check(script, runs.get(scripts.indexOf(script)).join())));
    }

    record Run(String output, boolean finished, int exitCode, Duration took) {}

    static Run run(Path script) {
        int number = Integer.parseInt(script.getFileName().toString().substring(0, 2));
        Layout.Step step = LAYOUT.step(number);
        if (!Files.isRegularFile(script)) return new Run("no " + script, true, -1, Duration.ZERO);
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

    static void check(Path script, Run run) throws IOException {
        String name = "jshell/" + script.getFileName();
        int number = Integer.parseInt(script.getFileName().toString().substring(0, 2));
        boolean english = script.getFileName().toString().matches("\\d\\d\\.jsh");
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
        // the banner's first line as the script has it: the script of this language ran, its words arrived whole (UTF-8)
        String title = Files.readString(script).lines().map(String::strip).filter(l -> l.startsWith("=== ")).findFirst()
                .orElseThrow(() -> new AssertionError(name + " has no banner: a line \"=== ...\" in its text block"));
        assertThat(run.output()).as("%s's banner, on continuations%s", name, shown)
                .contains(title)
                .contains(" %02d".formatted(number))
                .contains("solutions/" + LAYOUT.step(number).folder())
                .contains("CONTINUATIONS")
                .doesNotContain("generators run on threads");
        if (english) {
            assertThat(run.output()).as("%s's banner, in English%s", name, shown)
                    .contains("=== Step %02d".formatted(number))
                    .contains("code: solutions/" + LAYOUT.step(number).folder())
                    .contains("generators run on CONTINUATIONS");
        }
        assertThat(run.output()).as("%s's three tries%s", name, shown).contains("\n[1] ", "\n[2] ", "\n[3] ");
        assertThat(EXPECTED).as("the lines %s must print: add them to JShellScriptsTest.EXPECTED", name).containsKey(number);
        assertThat(run.output()).as("what %s shows, in any language%s", name, shown).contains(IN_EVERY_LANGUAGE.get(number));
        if (english) assertThat(run.output()).as("what %s shows%s", name, shown).contains(EXPECTED.get(number));
    }

    @Test
    @DisplayName("what every language's script shows is part of what the English one shows")
    void inEveryLanguageIsPartOfExpected() {
        assertThat(IN_EVERY_LANGUAGE.keySet()).isEqualTo(EXPECTED.keySet());
        IN_EVERY_LANGUAGE.forEach((number, parts) -> parts.forEach(part -> assertThat(EXPECTED.get(number))
                .as("step %d: \"%s\" is part of a line in EXPECTED", number, part).anyMatch(line -> line.contains(part))));
    }
}
