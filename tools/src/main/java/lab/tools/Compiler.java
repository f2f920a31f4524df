package lab.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import lab.verify.Capped;

/**
 * Compiles learner sources with {@code javac} in a process of its own, under a deadline and a memory cap: a source
 * that sends the compiler into hours of work (deeply nested generic expressions do) fails its check with a message
 * and takes nothing else with it.
 */
public final class Compiler {

    /** System property: the compile deadline in seconds (default {@value #DEFAULT_SECONDS}). */
    static final String DEADLINE_PROPERTY = "lab.compile.seconds";

    static final int DEFAULT_SECONDS = 30;

    /**
     * System property: {@code true} compiles in this JVM instead, warm after the first compile; only for a JVM that is
     * itself killed at a deadline, as the grader's workers are.
     */
    static final String IN_PROCESS_PROPERTY = "lab.compile.inprocess";

    /** How much of the compiler's messages is kept. */
    private static final int OUTPUT_LIMIT = 32 * 1024;

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "lab-compiler-cleanup"));
    }

    /** Errors from the compiler (or its deadline), as the learner reads them. */
    public static final class CompileError extends Exception {
        private static final long serialVersionUID = 1L;

        CompileError(String message) {
            super(message);
        }
    }

    private Compiler() {}

    /** The deadline in force. */
    static Duration deadline() {
        return Duration.ofSeconds(Long.getLong(DEADLINE_PROPERTY, DEFAULT_SECONDS));
    }

    /**
     * Compiles every Java source under {@code sources} into {@code classes} against {@code classPath}, with error
     * paths relative to {@code sources}; throws the compiler's messages if it fails or passes the deadline.
     */
    public static void compile(Path sources, Path classes, String classPath) throws CompileError {
        List<String> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p))
                    .map(p -> sources.relativize(p).toString()).sorted().toList();
            Files.createDirectories(classes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files.isEmpty()) throw new CompileError("there are no .java files in " + sources);
        List<String> options = List.of("-d", classes.toAbsolutePath().toString(), "-cp", classPath, "-proc:none", "-implicit:none",
                "-encoding", "UTF-8", "-g", "-Xlint:-options", "-Xmaxerrs", "20");
        if (Boolean.getBoolean(IN_PROCESS_PROPERTY)) {
            compileHere(sources, files, options);
            return;
        }
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        if (!Files.isExecutable(javac)) {
            throw new IllegalStateException("this Java has no compiler (a JRE, not a JDK?): " + System.getProperty("java.home"));
        }
        List<String> cmd = new ArrayList<>(List.of(javac.toString(),
                "-J-XX:+DisableAttachMechanism", "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-Xmx512m",
                "-J-XX:-UsePerfData", "-J-Duser.language=en"));
        cmd.addAll(options);
        cmd.addAll(files);
        var pb = new ProcessBuilder(cmd).directory(sources.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("JAVA_") || k.startsWith("JDK_") || k.startsWith("_JAVA"));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the compiler " + javac, e);
        }
        RUNNING.add(p);
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // it reads nothing from us
        }
        try {
            var out = Capped.read(p.getInputStream(), OUTPUT_LIMIT, "lab-javac-output");
            Duration deadline = deadline();
            if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new CompileError("The compiler did not finish within " + deadline.toSeconds() + " s, so the check stopped it.\n"
                        + "Javac takes a second or two for a step; this long means an expression it cannot finish typing "
                        + "(deeply nested generic calls or conditional expressions). Split it into smaller statements.");
            }
            out.await(5_000);
            if (p.exitValue() != 0) {
                String text = out.text();
                if (text.contains("OutOfMemoryError")) {
                    text = "The compiler ran out of memory (512 MiB) on your code: an expression too large for it to type.\n" + text;
                }
                throw new CompileError(text.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new CompileError("The compile was interrupted.");
        } finally {
            p.destroyForcibly();
            RUNNING.remove(p);
        }
    }

    /** Compiles with the JDK's compiler in this JVM, its messages as javac prints them, paths relative to {@code sources}. */
    private static void compileHere(Path sources, List<String> files, List<String> options) throws CompileError {
        var javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        if (javac == null) throw new IllegalStateException("this Java has no compiler (a JRE, not a JDK?): " + System.getProperty("java.home"));
        var bytes = new java.io.ByteArrayOutputStream();
        var messages = new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                if (bytes.size() < OUTPUT_LIMIT) bytes.write(b);
            }
        }, true, java.nio.charset.StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(options);
        files.forEach(f -> args.add(sources.resolve(f).toAbsolutePath().toString()));
        int code = javac.run(null, java.io.OutputStream.nullOutputStream(), messages, args.toArray(String[]::new));
        String out = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
        if (code != 0) {
            throw new CompileError(lab.verify.Text.clean(out.toString().replace(sources.toAbsolutePath() + "/", "").strip()));
        }
    }
}
