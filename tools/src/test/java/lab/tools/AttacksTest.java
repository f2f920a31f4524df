package lab.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import lab.tools.Checker.Report;
import lab.tools.Checker.Result;
import lab.tools.Compiler.CompileError;
import lab.verify.Lang;
import lab.verify.Sandbox;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.platform.launcher.TestExecutionListener;

/**
 * A hostile learner's attacks on the checker, each replayed through the checker a learner uses: a step's reference
 * solution plus the attack, so that only the attack can make a check fail. Each test proves the verdict is a
 * failure with the right reason, or that the attack's effect did not happen (no process left, no file written, no
 * secret read, the checker's memory flat). With the rules on, the attack is refused before it runs; where the
 * second line of defence (containment) matters, the same attack also runs with the rules off.
 */
@DisplayName("The checker, attacked by a hostile submission")
@EnabledIfSystemProperty(named = "lab.selftest", matches = "true")
class AttacksTest {

    /** Where step 01's run() starts: an attack goes right before its loop. */
    static final String RUN = "        while (!tasks.isEmpty()) {";

    /** Step 01's solution with {@code code} at the start of run() (a checked exception it throws becomes an unchecked one). */
    static Mutant attack(String name, String code) {
        return Mutant.of(1, name).replace("Scheduler.java", RUN, """
                try {
                %s
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e.getClass().getName());
                }
                """.formatted(code) + RUN);
    }

    static Result firstFailure(Report report) {
        assertThat(report.allPassed()).as("the verdict on an attack").isFalse();
        return report.results().stream().filter(r -> !r.passed()).findFirst().orElseThrow();
    }

    static List<ProcessHandle> processesWith(String marker) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(marker)).toList();
    }

    static boolean namespaces() {
        return Sandbox.containment().equals("namespace");
    }

    @Nested
    @DisplayName("forged verdicts")
    class Forged {

        @Test
        @DisplayName("the old harness's marker lines printed, then halt(0): refused; run anyway, they are just output and the check fails")
        void markerLinesThenHalt() throws Exception {
            var m = attack("forge-markers", """
                    for (String l : new String[] {"@@lab event done true true true", "@@lab done", "lab-probe 1 x"}) System.out.println(l);
                    System.out.write(new byte[] {0, 0, 0, 1, 'D'});
                    System.out.flush();
                    Runtime.getRuntime().halt(0);
                    """);
            assertThat(m.refused()).contains("Runtime.halt(...)");
            Result failed = firstFailure(m.withoutRules().check("RunLoop#everyTaskFinishes"));
            assertThat(failed.message()).contains("stopped unexpectedly").contains("@@lab done");
        }

        @Test
        @DisplayName("the probe's own API called from learner code: refused; run anyway, the probe refuses the caller")
        void probeApiFromLearnerCode() throws Exception {
            // learner code compiles against the generators alone: the probe's API is not even there to call
            Path src = attack("forge-api", "lab.probe.Probe.fact(\"done\", \"true\", \"true\", \"true\");").write();
            var step = SelfTest.LAYOUT.step(1);
            try (var ignored = Checker.compile(step, src)) {
                throw new AssertionError("learner code that calls the probe compiled");
            } catch (CompileError e) {
                assertThat(e.getMessage()).contains("package lab.probe does not exist");
            }
            // compiled against it anyway: the rules refuse it, and run anyway, the probe refuses the caller
            Path scratch = Files.createTempDirectory("lab-attack-");
            var code = new Checker.Compiled(scratch, scratch.resolve("classes"), Skeletons.handedOutComplete(step.solution()));
            try (code) {
                Compiler.compile(src, code.classes(), Sandbox.generators() + java.io.File.pathSeparator
                        + Path.of(lab.probe.Probe.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
                assertThat(code.refused()).extracting(lab.verify.Rules.Violation::message)
                        .anyMatch(v -> v.contains("lab.probe.Probe.fact(...)") && v.contains("the verifier's own classes are not for your code"));
                Report report = Checker.verify(step, code, new TestExecutionListener() {},
                        List.of(Mutant.selectCheck("lab.verify.step01.Step01Verifier$RunLoop", "everyTaskFinishes")), false);
                assertThat(firstFailure(report).message()).contains("IllegalCallerException").contains("only the lab's probes report");
            }
        }

        @Test
        @DisplayName("a class in the verifier's package among the step's sources: refused, in lab/ or in its own folder; run anyway, the lab's probe still runs")
        void shadowedProbe() throws Exception {
            String fake = """
                    package lab.verify.step01;
                    public final class Step01Probe {
                        public static void main(String[] args) { System.out.println("PASS"); }
                    }
                    """;
            // in lab/: compiled, then refused by the package rule
            var inLab = Mutant.of(1, "shadow-probe").add("Step01Probe.java", fake)
                    .replace("Scheduler.java", "tasks.addLast(task);\n        // END", "// forgot\n        // END");
            assertThat(inLab.refused()).contains("lab.verify.step01.Step01Probe").contains("only classes in package lab");
            Result failed = firstFailure(inLab.withoutRules().check("RunLoop#takesTurns"));
            assertThat(failed.message()).doesNotContain("PASS").contains("run() did not take turns");
            // in a folder of its own: never even compiled
            Path src = Mutant.of(1, "shadow-probe-folder").write();
            Files.createDirectories(src.resolve("lab/verify/step01"));
            Files.writeString(src.resolve("lab/verify/step01/Step01Probe.java"), fake);
            try (var ignored = Checker.compile(SelfTest.LAYOUT.step(1), src)) {
                throw new AssertionError("a source outside lab/ was compiled");
            } catch (CompileError e) {
                assertThat(e.getMessage()).contains("Only the files directly in src/main/java/lab/").contains("lab/verify/step01/Step01Probe.java");
            }
        }

        @Test
        @DisplayName("a server that serves each client on a virtual thread, or a daemon thread: refused; run anyway, the one-thread check fails")
        void threadedServer() throws Exception {
            String perClient = """
                    return Generator.of("tcpServer", y -> {
                                while (true) {
                                    y.yield(Wait.recv(server));
                                    SocketChannel client;
                                    while ((client = server.accept()) != null) {
                                        var c = client;
                                        %s(() -> {
                                            try (c) {
                                                var in = java.nio.ByteBuffer.allocate(65536);
                                                while (c.read(in.clear()) > 0) c.write(java.nio.ByteBuffer.wrap(("GOT:" + new String(in.array(), 0, in.position())).getBytes()));
                                            } catch (IOException e) {
                                                // gone
                                            }
                                        });
                                    }
                                }
                            });""";
            String solution = Files.readString(SelfTest.LAYOUT.step(3).solution().resolve("src/main/java/lab/EchoServer.java"));
            String body = solution.substring(solution.indexOf("        return Generator.of(\"tcpServer\""),
                    solution.indexOf("        // END SOLUTION", solution.indexOf("return Generator.of(\"tcpServer\"")));
            for (String start : List.of("Thread.startVirtualThread", "Thread.ofPlatform().daemon().start")) {
                String name = start.contains("Virtual") ? "virtual-thread-server" : "daemon-thread-server";
                var m = Mutant.of(3, name).replace("EchoServer.java", body, "        " + perClient.formatted(start) + "\n");
                assertThat(m.refused()).contains("EchoServer.java:").contains(start.contains("Virtual") ? "Thread.startVirtualThread" : "Thread.ofPlatform()");
                Result failed = firstFailure(m.withoutRules().check("Echo#servesOnOneThread"));
                assertThat(failed.message()).contains("other threads than the scheduler's");
            }
        }
    }

    @Nested
    @DisplayName("forged verdicts, found by a hostile learner")
    class ForgedToo {

        @Test
        @DisplayName("a server task that answers every client from a selector loop of its own, the handlers left undone: fails")
        void privateLoop() throws Exception {
            String solution = Files.readString(SelfTest.LAYOUT.step(3).solution().resolve("src/main/java/lab/EchoServer.java"));
            String server = solution.substring(solution.indexOf("        return Generator.of(\"tcpServer\""),
                    solution.indexOf("        // END SOLUTION", solution.indexOf("return Generator.of(\"tcpServer\"")));
            String handler = solution.substring(solution.indexOf("        var address = client.socket()"),
                    solution.indexOf("        // END SOLUTION", solution.indexOf("var address = client.socket()")));
            var m = Mutant.of(3, "private-loop")
                    .replace("EchoServer.java", server, "        return Generator.of(\"tcpServer\", y -> Fake.loop(server, handler));\n")
                    .replace("EchoServer.java", handler, "        throw new UnsupportedOperationException(\"TODO echoHandler(client): not written yet\");\n")
                    .add("Fake.java", Files.readString(Path.of("src/test/resources/attacks/Fake.java")));
            assertThat(m.refused()).isEmpty(); // nothing in it the rules refuse: only what the checks observe can catch it
            Report report = m.check();
            assertThat(report.allPassed()).as("the verdict on a server that never runs its handler tasks").isFalse();
            assertThat(Mutant.failed(report, "one thread").message()).contains("without running their handler tasks");
        }

        @Test
        @DisplayName("listen() returning a channel of its own that names another server's port: refused; run anyway, fails")
        void impostorPort() throws Exception {
            try (var impostor = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
                Thread.ofPlatform().daemon().start(() -> echoForever(impostor));
                String source = Files.readString(Path.of("src/test/resources/attacks/Elsewhere.java"))
                        .replace("PORT", String.valueOf(impostor.getLocalPort()));
                var m = Mutant.of(3, "impostor-port").add("Elsewhere.java", source)
                        .replace("EchoServer.java", "        System.out.println(\"Listening on \" + server.getLocalAddress());\n        return server;",
                                "        System.out.println(\"Listening on \" + server.getLocalAddress());\n        return new Elsewhere();");
                assertThat(m.refused()).contains("new java.nio.channels.ServerSocketChannel(...)");
                Result failed = firstFailure(m.withoutRules().check("Echo#echoesHello"));
                // seen either way: the JVM does not listen on the port it named, or (once the fake channel makes the
                // scheduler throw) the JVM has ended while someone else answered; never a pass
                assertThat(failed.message()).containsAnyOf("does not listen there", "threw IllegalArgumentException");
            }
        }

        static void echoForever(java.net.ServerSocket server) {
            while (!server.isClosed()) {
                try {
                    var s = server.accept();
                    Thread.ofPlatform().daemon().start(() -> {
                        try (s) {
                            byte[] b = new byte[65536];
                            for (int n; (n = s.getInputStream().read(b)) > 0; ) {
                                s.getOutputStream().write(("GOT:" + new String(b, 0, n)).getBytes());
                            }
                        } catch (Exception ignored) {
                            // the check closed it
                        }
                    });
                } catch (Exception e) {
                    return;
                }
            }
        }

        @Test
        @DisplayName("a stack trace read to tell which check runs, JVM-wide network hooks, name lookups, a UNIX socket: refused")
        void moreRefused() throws Exception {
            var m = attack("more-refused", """
                    if (new Throwable().getStackTrace().length > 3) System.out.println("a check is running");
                    var sink = new java.io.ByteArrayOutputStream();
                    new Throwable().printStackTrace(new java.io.PrintStream(sink));
                    java.net.ProxySelector.setDefault(null);
                    java.net.InetAddress.getByAddress(new byte[16]).getCanonicalHostName();
                    java.net.InetAddress.getLocalHost();
                    java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX);
                    """);
            assertThat(m.refused()).contains("Throwable.getStackTrace()").contains("Throwable.printStackTrace(...)")
                    .contains("ProxySelector.setDefault(...)").contains("InetAddress.getCanonicalHostName()")
                    .contains("InetAddress.getLocalHost()").contains("StandardProtocolFamily.UNIX");
        }
    }

    @Nested
    @DisplayName("escape and leaks")
    class Escape {

        @Test
        @DisplayName("code that reads the solutions and writes over the step: refused, and nothing in the lab changes")
        void readsSolutionsWritesSteps() throws Exception {
            Path steps = SelfTest.LAYOUT.root().resolve("steps/01-task-queue/src/main/java/lab/Scheduler.java");
            String before = Files.readString(steps);
            var m = attack("copy-solution", """
                    var from = java.nio.file.Path.of("%s");
                    java.nio.file.Files.writeString(java.nio.file.Path.of("%s"), java.nio.file.Files.readString(from));
                    new java.io.File("%s").delete();
                    """.formatted(SelfTest.LAYOUT.root().resolve("solutions/01-task-queue/src/main/java/lab/Scheduler.java"), steps,
                    SelfTest.LAYOUT.root().resolve("lab")));
            String refused = m.refused();
            assertThat(refused).contains("java.nio.file.Files.readString(...)").contains("java.nio.file.Files.writeString(...)")
                    .contains("new java.io.File(...)").contains("sockets, not files");
            assertThat(firstFailure(m.check("RunLoop#takesTurns")).message()).contains("does not allow");
            assertThat(Files.readString(steps)).isEqualTo(before);
            assertThat(SelfTest.LAYOUT.root().resolve("lab")).exists();
        }

        @Test
        @DisplayName("the environment, system properties and the parent's /proc environ: refused; run anyway, the JVM has an empty environment in a scratch folder")
        void environment() throws Exception {
            var m = attack("environment", """
                    System.out.println("env " + new java.util.TreeSet<>(System.getenv().keySet()));
                    System.out.println("cwd " + System.getProperty("user.dir"));
                    System.out.println("home " + System.getProperty("user.home"));
                    var parent = java.nio.file.Path.of("/proc/" + ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) + "/environ");
                    System.out.println("parent environ readable " + java.nio.file.Files.isReadable(parent));
                    """);
            assertThat(m.refused()).contains("System.getenv()").contains("System.getProperty(...)").contains("ProcessHandle.current()");
            Result failed = firstFailure(m.withoutRules().check("RunLoop#takesTurns"));
            String root = SelfTest.LAYOUT.root().toString();
            assertThat(failed.message()).contains("env [HOME, LAB_RUN, LANG, PATH, TMPDIR]")
                    .doesNotContain("cwd " + root).doesNotContain("home " + root).doesNotContain("home " + System.getProperty("user.home"));
            if (namespaces()) assertThat(failed.message()).contains("parent environ readable false");
        }

        @Test
        @DisplayName("an attach to any JVM it can see (the checker's included): refused; run anyway, no attach succeeds")
        void attach() throws Exception {
            var m = attack("attach", """
                    int attached = 0;
                    for (var d : com.sun.tools.attach.VirtualMachine.list()) {
                        try { com.sun.tools.attach.VirtualMachine.attach(d).detach(); attached++; } catch (Exception e) { }
                    }
                    for (var p : ProcessHandle.allProcesses().toList()) {
                        if (p.pid() == ProcessHandle.current().pid()) continue;
                        try { com.sun.tools.attach.VirtualMachine.attach(String.valueOf(p.pid())).detach(); attached++; } catch (Exception e) { }
                    }
                    System.out.println("attached " + attached);
                    """);
            assertThat(m.refused()).contains("com.sun.tools.attach.VirtualMachine").contains("no native code, agents or Unsafe");
            // no attach to the checker succeeds: it is not there to see (a PID namespace), or refuses agents; an attach that
            // waits for an answer that never comes runs into the deadline
            Result failed = firstFailure(m.withoutRules().check("RunLoop#takesTurns"));
            assertThat(failed.message()).containsAnyOf("attached 0", "did not finish in time").doesNotContain("attached 1");
        }

        @Test
        @DisplayName("processes started and left running (plain, in the background, in a new session): refused; run anyway, the check fails naming them and none is left")
        void leftoverProcesses() throws Exception {
            var m = attack("processes", """
                    new ProcessBuilder("sleep", "3001").start();
                    new ProcessBuilder("sh", "-c", "sleep 3002 &").start();
                    new ProcessBuilder("setsid", "sleep", "3003").start();
                    Thread.sleep(300);
                    """);
            assertThat(m.refused()).contains("new ProcessBuilder(...)");
            Result failed = firstFailure(m.withoutRules().check("RunLoop#takesTurns"));
            assertThat(failed.message()).contains("started a process that was still running").contains("sleep 300");
            Thread.sleep(500);
            for (String marker : List.of("sleep 3001", "sleep 3002", "sleep 3003")) {
                assertThat(processesWith(marker)).as("processes \"%s\" left after the check", marker).isEmpty();
            }
        }

        @Test
        @DisplayName("a process that leaves its session and clears its environment: gone after the check, where a PID namespace contains the run")
        void escapedProcess() throws Exception {
            assumeTrue(namespaces(), "this system gives no PID namespace to a learner JVM (containment: " + Sandbox.containment() + ")");
            var m = attack("escaped-process", """
                    new ProcessBuilder("sh", "-c", "env -i setsid sh -c 'sleep 3004 & sleep 3004' & exit 0").start().waitFor();
                    """);
            firstFailure(m.withoutRules().check("RunLoop#takesTurns"));
            Thread.sleep(500);
            assertThat(processesWith("sleep 3004")).isEmpty();
        }

        @Test
        @DisplayName("SIGSTOP to the parent, to everything: refused; run anyway in a PID namespace, the checker sees and finishes the check")
        void stopTheChecker() throws Exception {
            String code = """
                    new ProcessBuilder("sh", "-c", "kill -STOP $PPID; kill -STOP %d; kill -STOP -1").start().waitFor();
                    """.formatted(ProcessHandle.current().pid());
            var m = attack("sigstop", code);
            assertThat(m.refused()).contains("new ProcessBuilder(...)");
            // in a session of its own the JVM could stop this very test: only a PID namespace hides the checker
            assumeTrue(namespaces(), "this system gives no PID namespace to a learner JVM (containment: " + Sandbox.containment() + ")");
            var done = CompletableFuture.supplyAsync(() -> {
                try {
                    return m.withoutRules().check("RunLoop#takesTurns");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Report report = done.get(60, TimeUnit.SECONDS);
            assertThat(report.results()).isNotEmpty();
        }
    }

    @Nested
    @DisplayName("resources and hangs")
    class Resources {

        @Test
        @DisplayName("300 MB printed without a newline: stopped at a 4 KiB line, the checker's memory flat")
        void floodWithoutNewlines() throws Exception {
            flood("flood-line", "for (long i = 0; i < 300_000_000L; i++) System.out.print('x');", "printed a line longer than 4 KiB");
        }

        @Test
        @DisplayName("endless lines: stopped past 1 MiB, the checker's memory flat")
        void floodOfLines() throws Exception {
            flood("flood-lines", "for (long i = 0; i < Long.MAX_VALUE; i++) System.out.println(\"spam spam spam spam spam spam spam spam\");",
                    "printed more than 1 MiB", "printed more than 20,000 lines");
        }

        @Test
        @DisplayName("three million empty lines: stopped at 20,000 lines, the checker's memory flat")
        void floodOfEmptyLines() throws Exception {
            flood("flood-empty", "for (int i = 0; i < 3_000_000; i++) System.out.println();", "printed more than 20,000 lines");
        }

        /**
         * A flood of output: the run is stopped saying one of {@code reasons} (not "after its last event": a line that
         * comes after the probe's last report is dropped), it never hangs, and the checker's heap stays flat.
         */
        static void flood(String name, String code, String... reasons) throws Exception {
            long before = usedHeapAfterGc();
            long start = System.nanoTime();
            Result failed = firstFailure(attack(name, code).check("RunLoop#takesTurns"));
            assertThat(failed.message()).containsAnyOf(reasons).doesNotContain("after its last event");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("stopped, not hanging").isLessThan(Duration.ofSeconds(15));
            assertThat(usedHeapAfterGc() - before).as("the checker's heap growth, bytes").isLessThan(64L << 20);
        }

        @Test
        @DisplayName("escape sequences and direction overrides in output and in an exception: shown escaped, never raw")
        void controlCharacters() throws Exception {
            Result failed = firstFailure(attack("ansi", """
                    System.out.println("\\u001b[2J\\u001b[31mred\\u202etxt.exe");
                    if (!tasks.isEmpty()) throw new IllegalStateException("\\u001b]0;pwned\\u0007 \\r overwritten");
                    """).check("RunLoop#takesTurns"));
            assertThat(failed.message()).contains("\\e[2J\\e[31mred\\u202etxt.exe").contains("\\e]0;pwned\\x07")
                    .doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u202e").doesNotContain("\r");
        }

        @Test
        @DisplayName("a GiB of direct memory: stopped by the JVM's cap, reported as what it threw")
        void directMemory() throws Exception {
            Result failed = firstFailure(attack("direct-memory", """
                    var keep = new java.util.ArrayList<java.nio.ByteBuffer>();
                    for (int i = 0; i < 1024; i++) keep.add(java.nio.ByteBuffer.allocateDirect(1 << 20));
                    """).check("RunLoop#takesTurns"));
            assertThat(failed.message()).contains("OutOfMemoryError").contains("direct buffer memory");
        }

        @Test
        @DisplayName("a GiB off the heap with Unsafe: refused; run anyway, stopped by the memory watch")
        void offHeap() throws Exception {
            var m = attack("unsafe-memory", """
                    var f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
                    f.setAccessible(true);
                    var u = (sun.misc.Unsafe) f.get(null);
                    for (int i = 0; i < 24; i++) { long a = u.allocateMemory(64L << 20); u.setMemory(a, 64L << 20, (byte) 1); }
                    Thread.sleep(5000);
                    """);
            assertThat(m.refused()).contains("sun.misc.Unsafe");
            Result failed = firstFailure(m.withoutRules().check("RunLoop#takesTurns"));
            assertThat(failed.message()).contains("used more than 768 MiB of memory");
        }

        @Test
        @DisplayName("a source of under 1 KB that keeps the compiler busy for minutes: stopped at the compile deadline")
        void compilerBomb() throws Exception {
            String nested = "null";
            for (int i = 0; i < 14; i++) nested = "f(b?" + nested + ":f(null))";
            String bomb = "package lab;\nclass Bomb { static boolean b; static <T> java.util.List<T> f(T t) { return null; } static Object o = "
                    + nested + "; }\n";
            assertThat(bomb.length()).isLessThan(1024);
            Path src = Mutant.of(1, "compiler-bomb").add("Bomb.java", bomb).write();
            String old = System.setProperty(Compiler.DEADLINE_PROPERTY, "5");
            long start = System.nanoTime();
            try (var ignored = Checker.compile(SelfTest.LAYOUT.step(1), src)) {
                throw new AssertionError("the bomb compiled");
            } catch (CompileError e) {
                assertThat(e.getMessage()).containsAnyOf("did not finish within 5 s", "ran out of memory");
            } finally {
                if (old == null) System.clearProperty(Compiler.DEADLINE_PROPERTY);
                else System.setProperty(Compiler.DEADLINE_PROPERTY, old);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
            assertThat(processesWith("Bomb.java")).as("compilers left running").isEmpty();
        }

        @Test
        @DisplayName("two checks of one step at once, on one checkout: both give the right verdict")
        void concurrentChecks() throws Exception {
            var step = SelfTest.LAYOUT.step(1);
            var checks = new ArrayList<CompletableFuture<Report>>();
            for (int i = 0; i < 2; i++) {
                checks.add(CompletableFuture.supplyAsync(() -> {
                    try (var code = Checker.compile(step, step.solution().resolve("src/main/java"))) {
                        return Checker.verify(step, code, new TestExecutionListener() {});
                    } catch (CompileError e) {
                        throw new IllegalStateException(e.getMessage());
                    }
                }));
            }
            for (var check : checks) assertThat(check.get(120, TimeUnit.SECONDS).allPassed()).as("a check run beside another").isTrue();
        }
    }

    @Nested
    @DisplayName("the tool itself")
    class Tool {

        @Test
        @DisplayName("SIGTERM to ./lab while learner code spins: the learner's JVM goes with it")
        void sigtermTakesTheChildAlong() throws Exception {
            Path root = scratchLab("sigterm", "while (System.nanoTime() != 0) { }");
            Process lab = lab(root, "check", "1");
            var out = new ByteArrayOutputStream();
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    lab.getInputStream().transferTo(out);
                } catch (Exception ignored) {
                    // ended
                }
            });
            long until = System.nanoTime() + 30_000_000_000L;
            while (lab.isAlive() && lab.descendants().noneMatch(p -> p.info().commandLine().orElse("").contains("Step01Probe"))
                    && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            List<ProcessHandle> children = lab.descendants().toList();
            assertThat(children).as("the learner's JVM under ./lab; ./lab printed:%n%s", out).isNotEmpty();
            lab.destroy(); // SIGTERM
            assertThat(lab.waitFor(10, TimeUnit.SECONDS)).as("./lab ended on SIGTERM").isTrue();
            Thread.sleep(500);
            // a zombie is dead, only not yet reaped by whoever inherited it when ./lab ended
            assertThat(children.stream().filter(ProcessHandle::isAlive).map(AttacksTest::describe).filter(d -> !d.contains(" Z ")).toList())
                    .as("processes left after ./lab ended").isEmpty();
        }

        @Test
        @DisplayName("a missing step folder, a bad port, a port out of range: one line each, no stack trace")
        void badInput() throws Exception {
            Path root = scratchLab("bad-input", "");
            Core.deleteTree(root.resolve("steps/01-task-queue"));
            var missing = run(lab(root, "check", "1"));
            assertThat(missing).contains("lab: steps/01-task-queue/src/main/java is missing").doesNotContain("Exception").doesNotContain("\tat ");
            for (String port : List.of("abc", "99999")) {
                var out = run(lab(SelfTest.LAYOUT.root(), "run", "3", port));
                assertThat(out).contains("The port must be a number from 0 to 65535, got \"" + port + "\"")
                        .doesNotContain("Exception").doesNotContain("\tat ");
            }
        }

        @Test
        @DisplayName("a file name with escape sequences and a fake verdict line: shown escaped, in one line")
        void hostileFileName() throws Exception {
            Path src = Mutant.of(1, "file-name").write();
            Files.writeString(src.resolve("lab/X\u001b[2J\nStep 01 (task queue): PASSED, all 9 checks.\u001b[8m.java"), "class X {}");
            try (var ignored = Checker.compile(SelfTest.LAYOUT.step(1), src)) {
                throw new AssertionError("a file named so was compiled");
            } catch (CompileError e) {
                assertThat(e.getMessage()).contains("\\e[2J\\nStep 01").doesNotContain("\u001b").doesNotContain("\nStep 01");
            }
        }

        @Test
        @DisplayName("./lab (the status) on a step whose source is a pipe, or a link to an endless file: answers, no stack trace")
        void statusOnOddFiles() throws Exception {
            Path root = scratchLab("odd-files", "");
            Path scheduler = root.resolve("steps/01-task-queue/src/main/java/lab/Scheduler.java");
            Files.delete(scheduler);
            new ProcessBuilder("mkfifo", scheduler.toString()).start().waitFor();
            String out = run(lab(root, "status"));
            assertThat(out).contains("01 task queue").doesNotContain("Exception").doesNotContain("\tat ");
            Files.delete(scheduler);
            Files.createSymbolicLink(scheduler, Path.of("/dev/zero"));
            out = run(lab(root, "status"));
            assertThat(out).contains("01 task queue").doesNotContain("Exception").doesNotContain("\tat ");
        }

        @Test
        @DisplayName("an exception whose getMessage() and toString() throw: reported as such, not as System.exit")
        void brokenException() throws Exception {
            Result failed = firstFailure(attack("broken-exception", """
                    if (!tasks.isEmpty()) throw new RuntimeException() {
                        @Override public String getMessage() { throw new IllegalStateException("gotcha"); }
                        @Override public String toString() { throw new IllegalStateException("gotcha"); }
                    };
                    """).check("RunLoop#takesTurns"));
            assertThat(failed.message()).contains("its getMessage() threw java.lang.IllegalStateException").doesNotContain("System.exit");
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** A process for a message: pid, state (Z for a zombie no one has reaped yet) and command line. */
    static String describe(ProcessHandle p) {
        String state;
        try {
            String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
            state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (Exception e) {
            state = "?";
        }
        return p.pid() + " " + state + " " + p.info().commandLine().orElse("?");
    }

    static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** A lab root of its own (the book, the solutions, step 01) whose step 01 run() starts with {@code code}. */
    static Path scratchLab(String name, String code) throws Exception {
        Path root = Path.of("target/attacks/" + name).toAbsolutePath();
        Core.deleteTree(root);
        Files.createDirectories(root.resolve("steps"));
        Files.copy(SelfTest.LAYOUT.book(), root.resolve("lab.adoc"));
        copyTree(SelfTest.LAYOUT.root().resolve("solutions"), root.resolve("solutions"));
        Path src = attack(name, code).write();
        copyTree(src, root.resolve("steps/01-task-queue/src/main/java"));
        return root;
    }

    static void copyTree(Path from, Path to) throws Exception {
        try (var walk = Files.walk(from)) {
            for (Path f : walk.toList()) {
                String rel = from.relativize(f).toString();
                if (rel.startsWith("target") || rel.contains("/target")) continue;
                Path t = to.resolve(rel);
                if (Files.isDirectory(f)) Files.createDirectories(t);
                else Files.copy(f, t);
            }
        }
    }

    /** Starts the ./lab tool (its JVM, as the script does) on a lab root. */
    static Process lab(Path root, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-XX:+DisableAttachMechanism",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "lab.tools.Lab", "--root", root.toString()));
        cmd.addAll(List.of(args));
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put(Lang.ENV, "en"); // the tests read English output, whatever this machine's language
        return pb.start();
    }

    /** Waits for a process to end and returns what it printed. */
    static String run(Process p) throws Exception {
        var out = new ByteArrayOutputStream();
        var reader = Thread.ofPlatform().start(() -> {
            try {
                p.getInputStream().transferTo(out);
            } catch (Exception ignored) {
                // ended
            }
        });
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the tool ended").isTrue();
        reader.join(5000);
        return out.toString(StandardCharsets.UTF_8);
    }
}
