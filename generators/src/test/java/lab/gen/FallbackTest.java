package lab.gen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import lab.gen.Generator.Implementation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Choosing an implementation")
class FallbackTest {

    static final String FLAG = "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED";

    @Nested
    @DisplayName("in a JVM started with the flag")
    class WithTheFlag {

        @Test
        @DisplayName("uses continuations, on the caller's thread")
        void usesContinuations() {
            Thread caller = Thread.currentThread();
            Generator<Thread, Void> g = Generator.of(y -> y.yield(Thread.currentThread()));
            assertThat(Generator.implementation()).isEqualTo(Implementation.CONTINUATIONS);
            assertThat(g).isInstanceOf(ContinuationGenerator.class);
            assertThat(g.next()).isSameAs(caller);
        }
    }

    @Nested
    @DisplayName("in a JVM started without the flag")
    class WithoutTheFlag {

        @TempDir
        Path dir;

        @Test
        @DisplayName("falls back to threads with exactly one notice line, still works, and exits with generators left suspended")
        void fallsBack() throws Exception {
            Result r = runChild();
            assertThat(r.exitCode).as("exit code; stderr: %s", r.stderr).isZero();
            assertThat(r.stderr).containsExactly(Implementations.FALLBACK_NOTICE);
            assertThat(r.stderr.getFirst()).contains(FLAG);
            assertThat(r.stdout).containsExactly(
                    "implementation THREADS",
                    "total 3 on ThreadGenerator",
                    "total 3 on ThreadGenerator",
                    "refused: generators on continuations need the JVM option " + FLAG
                            + " (java, jshell and surefire's argLine all need it); without it use Generator.of or Generator.onThreads");
        }

        @Test
        @DisplayName("refuses to force continuations, naming the flag")
        void forcingContinuationsFails() throws Exception {
            Result r = runChild("-Dlab.generators=continuations");
            assertThat(r.exitCode).as("exit code; stderr: %s", r.stderr).isZero();
            assertThat(r.stdout).first().isEqualTo("implementation CONTINUATIONS");
            assertThat(r.stdout).element(1).asString().startsWith("refused: ").contains(FLAG);
            assertThat(r.stderr).isEmpty();
        }

        record Result(int exitCode, List<String> stdout, List<String> stderr) {
        }

        /** Runs FallbackMain in a child JVM without --add-exports, killed if it has not ended within a minute. */
        Result runChild(String... jvmOptions) throws IOException, InterruptedException {
            String java = ProcessHandle.current().info().command().orElseThrow();
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> command = new ArrayList<>(List.of(java, "-cp", classPath));
            command.addAll(List.of(jvmOptions));
            command.add(FallbackMain.class.getName());
            Path out = dir.resolve("stdout.txt");
            Path err = dir.resolve("stderr.txt");
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove("JAVA_TOOL_OPTIONS"); // it would add options and a "Picked up" line to stderr
            pb.environment().remove("JDK_JAVA_OPTIONS");
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the child JVM did not end within 60 s (a generator's thread kept it alive?): "
                        + command + "\nstdout: " + Files.readString(out) + "\nstderr: " + Files.readString(err));
            }
            return new Result(p.exitValue(),
                    Files.readAllLines(out, StandardCharsets.UTF_8), Files.readAllLines(err, StandardCharsets.UTF_8));
        }
    }
}
