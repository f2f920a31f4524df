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
import lab.verify.Lang;

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

    /** The regular {@code .java} files under {@code sources}, relative to it, in order. */
    private static List<String> javaFiles(Path sources) throws IOException {
        try (Stream<Path> walk = Files.walk(sources)) {
            return walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p))
                    .map(p -> sources.relativize(p).toString()).sorted().toList();
        }
    }

    /** The compiler's options: into {@code classes}, against {@code classPath}, as every compile of the lab does. */
    private static List<String> options(Path classes, String classPath) {
        return List.of("-d", classes.toAbsolutePath().toString(), "-cp", classPath, "-proc:none", "-implicit:none",
                "-encoding", "UTF-8", "-g", "-Xlint:-options", "-Xmaxerrs", "20");
    }

    /** The error of a compile stopped at its deadline: what happened, and what to do about it. */
    private static CompileError tooLong(Duration deadline) {
        return new CompileError(Core.WORDS.say("compiler.deadline", deadline.toSeconds()) + "\n" + Core.WORDS.say("compiler.deadline.why"));
    }

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
        try {
            files = javaFiles(sources);
            Files.createDirectories(classes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files.isEmpty()) throw new CompileError(Core.WORDS.say("compiler.noFiles", sources));
        List<String> options = options(classes, classPath);
        if (Boolean.getBoolean(IN_PROCESS_PROPERTY)) {
            compileHere(sources, files, options);
            return;
        }
        Warm warm = WARM;
        if (warm != null) {
            warm.compile(sources, classes, classPath);
            return;
        }
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        if (!Files.isExecutable(javac)) {
            throw new IllegalStateException(Core.WORDS.say("compiler.noJavac", System.getProperty("java.home")));
        }
        List<String> cmd = new ArrayList<>(List.of(javac.toString(),
                "-J-XX:+DisableAttachMechanism", "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-Xmx512m",
                "-J-XX:-UsePerfData", "-J-Duser.language=" + Lang.current().code(), // javac speaks German too (French: English)
                "-J-Dstdout.encoding=UTF-8", "-J-Dstderr.encoding=UTF-8"));
        cmd.addAll(options);
        cmd.addAll(files);
        var pb = new ProcessBuilder(cmd).directory(sources.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("JAVA_") || k.startsWith("JDK_") || k.startsWith("_JAVA"));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(Core.WORDS.say("compiler.start", javac), e);
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
                throw tooLong(deadline);
            }
            out.await(5_000);
            if (p.exitValue() != 0) {
                String text = out.text();
                if (text.contains("OutOfMemoryError")) {
                    text = Core.WORDS.say("compiler.memory") + "\n" + text;
                }
                throw new CompileError(text.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new CompileError(Core.WORDS.say("compiler.interrupted"));
        } finally {
            p.destroyForcibly();
            RUNNING.remove(p);
        }
    }

    private static volatile Warm WARM;

    /**
     * From now on, compiles in a compiler JVM kept warm between compiles (started now, so that the first compile is
     * warm too), under the same deadline and memory cap: for {@code ./lab watch}, which compiles on every save.
     */
    static void keepWarm() {
        if (WARM == null) WARM = new Warm();
        WARM.start();
    }

    /** Stops the warm compiler, if any; compiles go back to a javac process each. */
    static void stopWarm() {
        Warm w = WARM;
        WARM = null;
        if (w != null) w.stop();
    }

    /**
     * A compiler JVM that serves compiles one at a time over its stdin and stdout: a request is one line,
     * {@code SOURCES TAB CLASSES TAB CLASSPATH}; the answer is the exit code and the messages' length, as two
     * ints, then the messages. Past the deadline it is killed and the next compile starts another.
     */
    private static final class Warm {
        private Process process;
        private java.io.DataInputStream answers;
        private java.io.Writer requests;

        synchronized void start() {
            if (process != null && process.isAlive()) return;
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+DisableAttachMechanism", "-XX:+UseSerialGC", "-Xmx512m", "-XX:-UsePerfData", "-Duser.language=" + Lang.current().code(),
                    "-cp", System.getProperty("java.class.path"), Compiler.class.getName());
            try {
                process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                throw new UncheckedIOException(Core.WORDS.say("compiler.startWarm"), e);
            }
            RUNNING.add(process);
            answers = new java.io.DataInputStream(new java.io.BufferedInputStream(process.getInputStream()));
            requests = new java.io.OutputStreamWriter(process.getOutputStream(), java.nio.charset.StandardCharsets.UTF_8);
        }

        synchronized void stop() {
            if (process == null) return;
            process.destroyForcibly();
            RUNNING.remove(process);
            process = null;
        }

        synchronized void compile(Path sources, Path classes, String classPath) throws CompileError {
            start();
            Process p = process;
            var answer = new java.util.concurrent.CompletableFuture<String>();
            try {
                requests.write(sources.toAbsolutePath() + "\t" + classes.toAbsolutePath() + "\t" + classPath + "\n");
                requests.flush();
                Thread.ofPlatform().daemon().name("lab-warm-compiler-answer").start(() -> {
                    try {
                        int code = answers.readInt();
                        byte[] text = answers.readNBytes(Math.min(answers.readInt(), OUTPUT_LIMIT));
                        answer.complete(code + "\n" + new String(text, java.nio.charset.StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        answer.completeExceptionally(e);
                    }
                });
                Duration deadline = deadline();
                String got = answer.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
                int nl = got.indexOf('\n');
                if (!got.substring(0, nl).equals("0")) throw new CompileError(got.substring(nl + 1));
            } catch (java.util.concurrent.TimeoutException e) {
                stop();
                throw tooLong(deadline());
            } catch (IOException | java.util.concurrent.ExecutionException e) {
                // the compiler JVM died (out of memory, killed): the next compile starts another
                stop();
                throw new CompileError(Core.WORDS.say("compiler.died"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new CompileError(Core.WORDS.say("compiler.interrupted"));
            }
        }
    }

    /** The warm compiler's JVM: serves compiles from stdin until it closes (see {@link Warm}). */
    public static void main(String[] args) throws IOException {
        var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
        var out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(new java.io.FileOutputStream(java.io.FileDescriptor.out)));
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream())); // only answers go to stdout
        for (String line; (line = in.readLine()) != null; ) {
            String[] f = line.split("\t", 3);
            String text = "";
            int code = 0;
            try {
                Path sources = Path.of(f[0]);
                Files.createDirectories(Path.of(f[1]));
                compileHere(sources, javaFiles(sources), options(Path.of(f[1]), f[2]));
            } catch (CompileError e) {
                code = 1;
                text = e.getMessage();
            } catch (RuntimeException | IOException e) {
                code = 1;
                text = e.toString();
            }
            byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(code);
            out.writeInt(b.length);
            out.write(b);
            out.flush();
        }
    }

    /** Compiles with the JDK's compiler in this JVM, its messages as javac prints them, paths relative to {@code sources}. */
    private static void compileHere(Path sources, List<String> files, List<String> options) throws CompileError {
        var javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        if (javac == null) throw new IllegalStateException(Core.WORDS.say("compiler.noJavac", System.getProperty("java.home")));
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
