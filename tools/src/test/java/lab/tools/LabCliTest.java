package lab.tools;

import static lab.tools.AttacksTest.lab;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lab.verify.Lang;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ./lab commands as a learner types them, in the tool's own JVM, on a scratch copy of the lab. */
@DisplayName("./lab's commands")
class LabCliTest {

    static Path root;

    @BeforeAll
    static void copyLab() throws Exception {
        root = Files.createTempDirectory("lab-cli-");
        AttacksTest.copyTree(SelfTest.LAYOUT.root().resolve("solutions"), root.resolve("solutions"));
        AttacksTest.copyTree(SelfTest.LAYOUT.root().resolve("steps"), root.resolve("steps"));
        Files.copy(SelfTest.LAYOUT.book(), root.resolve("lab.adoc"));
    }

    @AfterAll
    static void removeLab() {
        Core.deleteTree(root);
    }

    record Ran(int code, String out) {}

    static Ran lab(String... args) throws Exception {
        var p = AttacksTest.lab(root, args);
        p.getOutputStream().close();
        String out = AttacksTest.run(p);
        return new Ran(p.exitValue(), out);
    }

    @Test
    @DisplayName("--help lists every command")
    void helpListsEveryCommand() throws Exception {
        Ran help = lab("--help");
        assertThat(help.code()).isZero();
        for (String command : List.of("status", "check", "watch", "hint", "reset", "run", "jshell", "build", "grade", "bench", "skeletons")) {
            assertThat(help.out()).as("--help names %s", command).containsPattern("(?m)^  " + command + "\\s");
        }
    }

    @ParameterizedTest(name = "./lab {0}")
    @ValueSource(strings = {"check abc", "frobnicate", "check", "check 99", "hint x", "reset", "run 1.5", "watch 0x1",
            "check 1 --frob", "--frob", "status extra"})
    @DisplayName("a wrong command, step or option: one line saying what to do, exit 2, no usage dump, no stack trace")
    void wrongInputIsOneLine(String args) throws Exception {
        Ran ran = lab(args.split(" "));
        assertThat(ran.code()).as(ran.out()).isEqualTo(2);
        assertThat(ran.out().strip().lines()).as(ran.out()).hasSize(1);
        assertThat(ran.out()).startsWith("lab: ").doesNotContain("Usage:").doesNotContain("Exception").doesNotContain("\tat ")
                .doesNotContain("index");
    }

    @Test
    @DisplayName("hint: one at a time from the book, remembered in a file the learner can delete; --all shows every one")
    void hintsOneAtATime() throws Exception {
        var hints = HintCommand.hints(root.resolve("lab.adoc"), 1, Core.WORDS.bundle(Lang.EN));
        assertThat(hints).hasSizeGreaterThanOrEqualTo(3);
        Path seen = root.resolve("steps/01-task-queue").resolve(HintCommand.SEEN);
        Files.deleteIfExists(seen);
        Ran first = lab("hint", "1");
        assertThat(first.code()).isZero();
        assertThat(first.out()).contains(hints.get(0).title()).doesNotContain(hints.get(1).title())
                .contains("(1 of " + hints.size() + ")").contains("./lab hint 1 again");
        Ran second = lab("hint", "01");
        assertThat(second.out()).contains(hints.get(1).title()).doesNotContain(hints.get(0).title());
        Files.delete(seen);
        assertThat(lab("hint", "1").out()).contains(hints.get(0).title());
        Ran all = lab("hint", "1", "--all");
        for (var h : hints) assertThat(all.out()).contains(h.title());
        // the book's markup is made plain: no AsciiDoc block delimiters or attribute lines
        assertThat(all.out()).doesNotContain("====").doesNotContain("[%collapsible]");
        Files.deleteIfExists(seen);
    }

    @Test
    @DisplayName("reset: the skeleton back, the learner's files saved first; without --yes and no answer, nothing changes")
    void resetSavesFirst() throws Exception {
        Path file = root.resolve("steps/02-waiting-tasks/src/main/java/lab/Scheduler.java");
        String skeleton = Files.readString(file);
        Files.writeString(file, skeleton + "\n// my work\n");
        Ran refused = lab("reset", "2");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(Files.readString(file)).endsWith("// my work\n");
        Ran reset = lab("reset", "2", "--yes");
        assertThat(reset.code()).as(reset.out()).isZero();
        assertThat(Files.readString(file)).isEqualTo(skeleton);
        String backup = reset.out().replaceAll("(?s).*your files are in (\\S+)/\\..*", "$1");
        assertThat(Files.readString(root.resolve(backup).resolve("lab/Scheduler.java"))).endsWith("// my work\n");
        assertThat(lab("reset", "2", "--yes").out()).contains("is the skeleton already");
    }

    @Test
    @DisplayName("status: re-checks only a step whose sources changed, and says which; a second status checks nothing")
    void statusRemembers() throws Exception {
        Files.createDirectories(root.resolve("tools/target"));
        Files.writeString(root.resolve("tools/target/lab-built"), "sources test\noutputs test\n");
        Path step = root.resolve("steps/01-task-queue/src/main/java/lab");
        for (Path f : Core.sources(root.resolve("solutions/01-task-queue"))) Files.copy(f, step.resolve(f.getFileName()),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Ran first = lab("status");
        assertThat(first.out()).contains("01 task queue            passing (9 checks)").contains("re-checked 01");
        Ran second = lab();
        assertThat(second.out()).contains("passing (9 checks)").contains("nothing changed since the last check");
        Files.writeString(step.resolve("Tasks.java"), "\n// changed\n", java.nio.file.StandardOpenOption.APPEND);
        assertThat(lab("status").out()).contains("re-checked 01");
        assertThat(lab("reset", "1", "--yes").code()).isZero();
    }

    @Test
    @DisplayName("run: says whose code it runs; exits non-zero on an unfinished step, and 1 when a task failed though Main ended")
    void runSaysAndFails() throws Exception {
        Ran todo = lab("run", "4", "0");
        assertThat(todo.out()).contains("running your code of Step 04").contains("TODO tcpServer");
        assertThat(todo.code()).isNotZero();
        Path step = root.resolve("steps/04-send-wait/src/main/java/lab");
        for (Path f : Core.sources(root.resolve("solutions/04-send-wait"))) Files.copy(f, step.resolve(f.getFileName()),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String server = Files.readString(step.resolve("EchoServer.java"));
        Files.writeString(step.resolve("EchoServer.java"), server.replace("boolean full = false;",
                "if (full()) throw new IllegalStateException(\"boom\");\n            boolean full = false;")
                .replace("    private EchoServer() {}", "    private EchoServer() {}\n\n    static boolean full() {\n        return true;\n    }"));
        Ran failed = lab("run", "4", "0");
        assertThat(failed.out()).contains("Task failed: tcpServer").contains("boom").contains("lab: a task failed");
        assertThat(failed.code()).as(failed.out()).isEqualTo(1);
        assertThat(lab("reset", "4", "--yes").code()).isZero();
        Ran solution = lab("run", "1", "--solution");
        assertThat(solution.out()).contains("running the reference solution of Step 01").contains("Task done");
        assertThat(solution.code()).isZero();
    }

    @Test
    @DisplayName("watch: a verdict on start and after each save; a save during a check restarts it; q quits, leaving no process")
    void watchChecksOnSave() throws Exception {
        Path step = root.resolve("steps/01-task-queue/src/main/java/lab");
        for (Path f : Core.sources(root.resolve("solutions/01-task-queue"))) Files.copy(f, step.resolve(f.getFileName()),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Process watch = AttacksTest.lab(root, "watch", "1", "--poll", "50");
        var out = new java.io.ByteArrayOutputStream();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                watch.getInputStream().transferTo(out);
            } catch (java.io.IOException ignored) {
                // ended
            }
        });
        try {
            awaitVerdicts(out, 1);
            assertThat(out.toString()).contains("Step 01 (task queue): PASSED");
            // a save, and while it is being checked, another that breaks the code: only the second gets a verdict
            Path tasks = step.resolve("Tasks.java");
            String good = Files.readString(tasks);
            Files.writeString(tasks, good + "\n// first save\n");
            awaitText(out, "checking... (saved", 1);
            Files.writeString(tasks, good + "\nbroken(\n");
            awaitVerdicts(out, 2);
            String second = out.toString().substring(out.toString().lastIndexOf("lab watch:"));
            assertThat(second).contains("does not compile").doesNotContain("PASSED");
            assertThat(verdicts(out)).isEqualTo(2);
            Files.writeString(tasks, good);
            awaitVerdicts(out, 3);
            assertThat(out.toString().substring(out.toString().lastIndexOf("lab watch:"))).contains("PASSED");
            var children = watch.descendants().toList();
            watch.getOutputStream().write('q');
            watch.getOutputStream().flush();
            assertThat(watch.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("watch quits on q").isTrue();
            assertThat(watch.exitValue()).isZero();
            Thread.sleep(500);
            assertThat(children.stream().filter(ProcessHandle::isAlive).map(p -> p.pid() + " " + p.info().commandLine().orElse("?")
                    + " " + readState(p.pid())).toList()).as("processes left by watch").isEmpty();
        } finally {
            watch.destroyForcibly();
            assertThat(lab("reset", "1", "--yes").code()).isZero();
        }
    }

    static String readState(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/stat")).replaceAll("^.*\\) ", "").substring(0, 1);
        } catch (Exception e) {
            return "gone";
        }
    }

    static long verdicts(java.io.ByteArrayOutputStream out) {
        return out.toString().lines().filter(l -> l.startsWith("watch: verdict")).count();
    }

    static void awaitVerdicts(java.io.ByteArrayOutputStream out, int n) throws InterruptedException {
        long until = System.nanoTime() + 120_000_000_000L;
        while (verdicts(out) < n) {
            assertThat(System.nanoTime()).as("verdict %d within 120 s; watch printed:%n%s", n, out).isLessThan(until);
            Thread.sleep(20);
        }
    }

    static void awaitText(java.io.ByteArrayOutputStream out, String text, int n) throws InterruptedException {
        long until = System.nanoTime() + 60_000_000_000L;
        while (out.toString().split(java.util.regex.Pattern.quote(text), -1).length - 1 < n) {
            assertThat(System.nanoTime()).as("\"%s\" within 60 s; watch printed:%n%s", text, out).isLessThan(until);
            Thread.sleep(5);
        }
    }
}
