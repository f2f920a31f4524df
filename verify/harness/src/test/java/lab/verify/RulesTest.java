package lab.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.constant.DynamicCallSiteDesc;
import java.lang.constant.MethodHandleDesc;
import java.lang.constant.MethodTypeDesc;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import lab.verify.Rules.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Compiles small learner classes, attacks and honest code alike, and checks what {@link Rules} refuses in them. */
class RulesTest {

    // the start of each category's reason: enough to tell which rule refused a use
    private static final String PROCESS = "a step never ends the JVM";
    private static final String REFLECTION = "the lesson needs no reflection";
    private static final String NATIVE = "a check runs only plain Java";
    private static final String FILES = "a server reads and writes sockets, not files";
    private static final String ENVIRONMENT = "your code gets what it needs as arguments";
    private static final String THREADS = "the lesson runs every task on one thread";
    private static final String NETWORK = "your server accepts connections and never opens one";
    private static final String LAB = "the verifier's own classes are not for your code";

    @TempDir
    Path dir; // the learner's compiled classes

    @TempDir
    Path sources;

    // ---- refused: one test per category; each row is a statement in a method of lab.Evil and what the learner is told it used

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            System.exit(0);                                             | System.exit(...)
            Runtime.getRuntime().halt(0);                               | Runtime.halt(...)
            java.util.function.IntConsumer c = Runtime.getRuntime()::halt; c.accept(0); | Runtime.halt(...)
            new ProcessBuilder("sh").start();                           | new ProcessBuilder(...)
            ProcessHandle.current().parent();                           | ProcessHandle.current()
            Runtime.getRuntime().exec(new String[] {"sh"});             | Runtime.exec(...)
            Runtime.getRuntime().addShutdownHook(null);                 | Runtime.addShutdownHook(...)
            """)
    void processControlIsRefused(String code, String used) throws IOException {
        assertRefused(code, used, PROCESS);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Class.forName("lab.verify.Probe");                          | Class.forName(...)
            getClass().getDeclaredFields();                             | Class.getDeclaredFields()
            getClass().getResourceAsStream("x");                        | Class.getResourceAsStream(...)
            Thread.currentThread().getContextClassLoader();             | Thread.getContextClassLoader()
            java.lang.invoke.MethodHandles.lookup();                    | java.lang.invoke.MethodHandles.lookup()
            ClassLoader.getSystemClassLoader();                         | ClassLoader.getSystemClassLoader()
            java.util.ServiceLoader.load(Runnable.class);               | java.util.ServiceLoader.load(...)
            String.class.getModule();                                   | Class.getModule()
            java.lang.reflect.Array.newInstance(int.class, 1);          | java.lang.reflect.Array.newInstance(...)
            """)
    void reflectionAndClassLoadingAreRefused(String code, String used) throws IOException {
        assertRefused(code, used, REFLECTION);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            java.lang.foreign.Linker.nativeLinker();                    | java.lang.foreign.Linker.nativeLinker()
            System.loadLibrary("x");                                    | System.loadLibrary(...)
            Runtime.getRuntime().load("/tmp/x.so");                     | Runtime.load(...)
            Object o = sun.misc.Unsafe.class;                           | sun.misc.Unsafe
            new jdk.internal.vm.ContinuationScope("x");                 | new jdk.internal.vm.ContinuationScope(...)
            """)
    void nativeCodeAndUnsafeAreRefused(String code, String used) throws IOException {
        assertRefused(code, used, NATIVE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            new java.io.File("/etc/passwd").exists();                   | new java.io.File(...)
            java.nio.file.Files.readString(java.nio.file.Path.of("x")); | java.nio.file.Files.readString(...)
            new java.io.FileOutputStream(java.io.FileDescriptor.out);   | java.io.FileDescriptor.out
            new java.io.FileOutputStream(java.io.FileDescriptor.out);   | new java.io.FileOutputStream(...)
            new java.io.PrintStream("out.txt");                         | new java.io.PrintStream(...)
            new java.io.PrintWriter("out.txt");                         | new java.io.PrintWriter(...)
            new java.util.Formatter("out.txt");                         | new java.util.Formatter(...)
            new java.util.Scanner(new java.io.File("x"));               | new java.util.Scanner(...)
            java.net.URI.create("file:///etc/passwd").toURL();          | java.net.URI.toURL()
            System.console();                                           | System.console()
            new java.io.ObjectInputStream(System.in).readObject();      | new java.io.ObjectInputStream(...)
            """)
    void filesAreRefused(String code, String used) throws IOException {
        assertRefused(code, used, FILES);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            System.getenv("HOME");                                      | System.getenv(...)
            System.getProperty("user.home");                            | System.getProperty(...)
            Integer.getInteger("x");                                    | Integer.getInteger(...)
            Boolean.getBoolean("x");                                    | Boolean.getBoolean(...)
            System.setOut(null);                                        | System.setOut(...)
            System.getProperties().list(System.out);                    | System.getProperties()
            """)
    void environmentAndPropertiesAreRefused(String code, String used) throws IOException {
        assertRefused(code, used, ENVIRONMENT);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            new Thread(() -> {}).start();                               | new Thread(...)
            new Thread(() -> {}).start();                               | Thread.start()
            Thread.ofVirtual().start(() -> {});                         | Thread.ofVirtual()
            Thread.startVirtualThread(() -> {});                        | Thread.startVirtualThread(...)
            java.util.function.Function<Runnable, Thread> f = Thread::new; | new Thread(...)
            java.util.concurrent.Executors.newFixedThreadPool(2);       | java.util.concurrent.Executors.newFixedThreadPool(...)
            java.util.concurrent.CompletableFuture.runAsync(() -> {});  | java.util.concurrent.CompletableFuture.runAsync(...)
            new java.util.Timer();                                      | new java.util.Timer(...)
            java.util.List.of(1).parallelStream();                      | java.util.List.parallelStream()
            new java.util.ArrayList<Integer>().parallelStream();        | java.util.ArrayList.parallelStream()
            java.util.stream.IntStream.range(0, 9).parallel();          | java.util.stream.IntStream.parallel()
            java.util.stream.Stream.of(1).map(x -> x).parallel();       | java.util.stream.Stream.parallel()
            java.util.Arrays.parallelSort(new int[3]);                  | java.util.Arrays.parallelSort(...)
            new java.util.concurrent.ConcurrentHashMap<String, String>().forEach(1, (k, v) -> {}); | java.util.concurrent.ConcurrentHashMap.forEach(...)
            java.util.stream.StreamSupport.stream(java.util.List.of(1).spliterator(), true); | java.util.stream.StreamSupport.stream(...)
            java.util.stream.Stream.of(1).gather(java.util.stream.Gatherers.mapConcurrent(2, x -> x)); | java.util.stream.Gatherers.mapConcurrent(...)
            java.util.concurrent.ForkJoinPool.commonPool();             | java.util.concurrent.ForkJoinPool.commonPool()
            java.nio.channels.AsynchronousSocketChannel.open();         | java.nio.channels.AsynchronousSocketChannel.open()
            lab.gen.Generator.onThreads(y -> {});                       | lab.gen.Generator.onThreads(...)
            """)
    void threadsAndExecutorsAreRefused(String code, String used) throws IOException {
        assertRefused(code, used, THREADS);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            java.nio.channels.SocketChannel.open(new java.net.InetSocketAddress("example.com", 80)); | java.nio.channels.SocketChannel.open(...)
            java.nio.channels.SocketChannel.open().connect(null);       | java.nio.channels.SocketChannel.connect(...)
            new java.net.Socket("localhost", 1);                        | new java.net.Socket(...)
            new java.net.Socket().connect(null);                        | java.net.Socket.connect(...)
            java.nio.channels.DatagramChannel.open();                   | java.nio.channels.DatagramChannel.open()
            new java.net.DatagramSocket();                              | new java.net.DatagramSocket(...)
            java.net.http.HttpClient.newHttpClient();                   | java.net.http.HttpClient.newHttpClient()
            java.net.InetAddress.getByName("secret.example.com");       | java.net.InetAddress.getByName(...)
            java.net.InetAddress.getAllByName("secret.example.com");    | java.net.InetAddress.getAllByName(...)
            new java.net.InetSocketAddress("secret.example.com", 1);    | new java.net.InetSocketAddress(...)
            """)
    void outgoingConnectionsAreRefused(String code, String used) throws IOException {
        assertRefused(code, used, NETWORK);
    }

    @Test
    void aSubclassOfThreadIsRefusedAndSoIsStartingIt() throws IOException {
        var found = scan(Map.of(
                "Worker", "package lab; class Worker extends Thread { public void run() {} }",
                "Evil", "package lab; class Evil { void run() { new Worker().start(); } }"));

        // the call compiles to invokevirtual lab/Worker.start, which Worker inherits from Thread
        assertThat(found).filteredOn(v -> v.className().equals("lab.Evil")).extracting(Violation::used).containsExactly("Thread.start()");
        assertThat(found).filteredOn(v -> v.className().equals("lab.Worker")).extracting(Violation::used)
                .contains("class Worker extends Thread");
        assertThat(found).allSatisfy(v -> assertThat(v.reason()).startsWith(THREADS));
    }

    @Test
    void refusedSupertypesAreRefused() throws IOException {
        var found = scan(Map.of(
                "Loader", "package lab; class Loader extends ClassLoader {}",
                "Pool", "package lab; abstract class Pool implements java.util.concurrent.Executor {}",
                "Sink", "package lab; class Sink extends java.io.FileOutputStream { Sink() throws Exception { super(\"x\"); } }"));

        assertThat(found).extracting(Violation::used).contains(
                "class Loader extends ClassLoader", "class Pool implements java.util.concurrent.Executor",
                "class Sink extends java.io.FileOutputStream");
    }

    @Test
    void classesOutsidePackageLabAreRefused() throws IOException {
        var found = scan(Map.of("Probe", "package lab.verify; public class Probe { public static void main(String[] a) {} }"));

        assertThat(found).extracting(Violation::used, Violation::sourceFile).containsExactly(tuple("lab.verify.Probe", "Probe.java"));
        assertThat(found.getFirst().reason()).startsWith("only classes in package lab are yours to write");
    }

    @Test
    void theLabsOwnClassesAreRefused(@TempDir Path stubs) throws IOException {
        // Implementations is package-private in lab.gen: compile against a public stand-in, as a hostile class file could
        compile(stubs, List.of(), Map.of(
                "gen/Implementations", "package lab.gen; public class Implementations { public static Object chosen() { return null; } }"));
        var found = scan(List.of(stubs), Map.of(
                "Evil", """
                        package lab;
                        class Evil {
                            Object run() {
                                lab.gen.Generator.of(y -> y.yield()).next(); // the API is fine
                                return lab.gen.Implementations.chosen();
                            }
                        }
                        """));

        assertThat(found).extracting(Violation::used).containsExactly("lab.gen.Implementations.chosen()");
        assertThat(found.getFirst().reason()).startsWith(LAB);
    }

    @Test
    void handMadeInvokedynamicAndMethodHandleConstantsAreRefused() throws IOException {
        // what javac never writes: a bootstrap of one's own, and an ldc of a method handle to System.exit
        var exit = MethodHandleDesc.ofMethod(DirectMethodHandleDesc.Kind.STATIC, ClassDesc.of("java.lang.System"), "exit",
                MethodTypeDesc.of(ConstantDescs.CD_void, ConstantDescs.CD_int));
        var bootstrap = ConstantDescs.ofCallsiteBootstrap(ClassDesc.of("lab.Crafted"), "boot", ConstantDescs.CD_CallSite);
        var call = DynamicCallSiteDesc.of(bootstrap, "go", MethodTypeDesc.of(ConstantDescs.CD_void));
        byte[] bytes = ClassFile.of().build(ClassDesc.of("lab.Crafted"), c -> c.withMethodBody(
                "run", MethodTypeDesc.of(ConstantDescs.CD_void), ClassFile.ACC_STATIC, code -> code
                        .ldc(exit).pop()
                        .invokedynamic(call)
                        .return_()));
        Files.createDirectories(dir.resolve("lab"));
        Files.write(dir.resolve("lab/Crafted.class"), bytes);

        assertThat(Rules.scan(dir, Set.of())).extracting(Violation::used)
                .containsExactlyInAnyOrder("a method handle constant", "invokedynamic lab.Crafted.boot(...)");
    }

    @Test
    void aFileThatIsNoClassIsRefused() throws IOException {
        Files.createDirectories(dir.resolve("lab"));
        Files.writeString(dir.resolve("lab/Evil.class"), "not a class");

        assertThat(Rules.scan(dir, Set.of())).extracting(Violation::used).containsExactly(Path.of("lab", "Evil.class").toString());
    }

    // ---- allowed

    static Stream<Path> solutions() throws IOException {
        try (var folders = Files.list(Path.of("../../solutions"))) {
            List<Path> found = folders.filter(f -> f.getFileName().toString().matches("\\d\\d-.*")).sorted().toList();
            assertThat(found).as("the reference solutions, one per step").isNotEmpty();
            return found.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("solutions")
    void everyReferenceSolutionIsAllowed(Path solution) throws IOException {
        List<Path> sources;
        try (var files = Files.walk(solution.resolve("src/main/java"))) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        compileFiles(dir, List.of(), sources);

        assertThat(Rules.scan(dir, Set.of("Main.java"))).isEmpty();
        // without the exemption, only Main (it reads a port property and exits on a bind error) may be reported
        assertThat(Rules.scan(dir, Set.of())).allSatisfy(v -> assertThat(v.sourceFile()).isEqualTo("Main.java"));
    }

    @Test
    void everydayJavaIsAllowed() throws IOException {
        var found = scan(Map.of("Variants", """
                package lab;

                import java.io.ByteArrayOutputStream;
                import java.io.IOException;
                import java.io.PrintStream;
                import java.net.InetAddress;
                import java.net.InetSocketAddress;
                import java.nio.ByteBuffer;
                import java.nio.channels.Pipe;
                import java.nio.channels.Selector;
                import java.nio.channels.ServerSocketChannel;
                import java.nio.charset.StandardCharsets;
                import java.util.*;
                import java.util.concurrent.ConcurrentHashMap;
                import java.util.concurrent.atomic.AtomicInteger;
                import java.util.stream.Collectors;
                import java.util.stream.IntStream;
                import lab.gen.Generator;
                import lab.gen.GeneratorExit;
                import lab.gen.StopIteration;

                public class Variants {
                    sealed interface Shape permits Circle, Square {}
                    record Circle(double r) implements Shape {}
                    record Square(double side) implements Shape {}
                    enum Color { RED, GREEN }

                    static double area(Shape s) {
                        return switch (s) {
                            case Circle c when c.r() == 0 -> 0;
                            case Circle(var r) -> Math.PI * r * r;
                            case Square q -> q.side() * q.side();
                        };
                    }

                    static int classic(Color c) {
                        switch (c) {
                            case RED: return 1;
                            default: return 2;
                        }
                    }

                    static int pattern(Object o) {
                        return switch (o) {
                            case Color.RED -> 1;
                            case Color k when k.ordinal() > 0 -> 2;
                            case String t -> t.length();
                            case null, default -> 0;
                        };
                    }

                    static int word(String w) {
                        return switch (w) {
                            case "one" -> 1;
                            case "two" -> 2;
                            default -> Integer.parseInt(w);
                        };
                    }

                    void run() throws Exception {
                        var list = new ArrayList<>(List.of("b", "a"));
                        list.forEach(System.out::println);
                        list.sort(Comparator.naturalOrder());
                        String joined = list.stream().map(String::toUpperCase).filter(x -> !x.isEmpty()).collect(Collectors.joining(","));
                        System.out.println(String.format("%s %d", joined, IntStream.range(0, 3).sum()));
                        var text = \"""
                            hello
                            \""";
                        assert text != null : "a text block";
                        try (var bytes = new ByteArrayOutputStream(); var print = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
                            print.println(text);
                            print.printf("%d%n", 1);
                        }
                        Deque<Integer> queue = new ArrayDeque<>();
                        queue.addLast(1);
                        new LinkedList<>(queue).poll();
                        Map<String, Integer> map = new HashMap<>();
                        new TreeMap<>(map).put("a", 1);
                        new ConcurrentHashMap<>(map).merge("a", 1, Integer::sum);
                        var count = new AtomicInteger();
                        count.incrementAndGet();
                        var buffer = ByteBuffer.allocate(16).put("hi".getBytes(StandardCharsets.US_ASCII));
                        buffer.flip();
                        Thread.sleep(0);
                        System.out.println(Thread.currentThread().getName() + " " + System.nanoTime());
                        Objects.requireNonNull(list);
                        Optional.of(1).map(x -> x + 1).orElse(0);
                        try (var selector = Selector.open(); var server = ServerSocketChannel.open()) {
                            server.configureBlocking(false);
                            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                        }
                        var pipe = Pipe.open();
                        pipe.sink().close();
                        pipe.source().close();
                        try {
                            throw new IOException("x");
                        } catch (IOException e) {
                            e.printStackTrace();
                        }
                        Runnable anonymous = new Runnable() {
                            @Override
                            public void run() {
                                System.out.println("anonymous");
                            }
                        };
                        anonymous.run();
                        class Local {
                            int twice(int x) { return 2 * x; }
                        }
                        new Local().twice(Math.max(1, 2));
                        record Pair(int a, int b) {}
                        System.out.println(new Pair(1, 2).equals(new Pair(1, 2)) + " " + new Pair(3, 4).hashCode());
                        var builder = new StringBuilder().append(1).append("x");
                        List.copyOf(list);
                        Collections.unmodifiableList(list);
                        for (Iterator<String> it = list.iterator(); it.hasNext(); ) builder.append(it.next());
                        Generator<Integer, Void> numbers = Generator.of("numbers", y -> {
                            try {
                                y.yield(1);
                            } catch (GeneratorExit e) {
                                throw e;
                            }
                        });
                        numbers.next();
                        numbers.close();
                        try {
                            numbers.send(null);
                        } catch (StopIteration done) {
                            System.err.println(area(new Circle(1)) + classic(Color.RED) + pattern("x") + word("one")
                                    + Color.valueOf("RED").ordinal() + Color.values().length + getClass().getSimpleName());
                        }
                        new Scanner("a b").next();
                        new Scanner(System.in);
                        System.arraycopy(new int[1], 0, new int[1], 0, 1);
                        Runtime.getRuntime().availableProcessors();
                        Thread.currentThread().isInterrupted();
                    }
                }
                """));

        assertThat(found).isEmpty();
    }

    // ---- messages and exemptions

    @Test
    void aViolationNamesTheFileAndLineAndSaysWhatToDo() throws IOException {
        var found = scan(Map.of("Evil", """
                package lab;

                class Evil {
                    void run() {
                        int x = 1;
                        x++;
                        Thread.ofVirtual().start(() -> {});
                    }
                }
                """));

        // the builder's start(...) on the same line is reported too
        assertThat(found).extracting(Violation::message).contains(
                "Evil.java:7: Thread.ofVirtual(): the lesson runs every task on one thread: spawn a task with scheduler.spawn(...)"
                        + " (or yield) instead of starting a thread or using an executor");
    }

    @Test
    void violationsAreSortedAndEachUseOnALineIsReportedOnce() throws IOException {
        var found = scan(Map.of("Evil", """
                package lab;
                class Evil {
                    void run() {
                        System.getenv("B"); System.getenv("A");
                        System.exit(1);
                    }
                    void more() { System.exit(2); }
                }
                """));

        assertThat(found).extracting(Violation::line, Violation::used).containsExactly(
                tuple(4, "System.getenv(...)"),
                tuple(5, "System.exit(...)"),
                tuple(7, "System.exit(...)"));
    }

    @Test
    void theReportHasAHeadlineAndShowsAtMostTwenty() {
        List<Violation> many = IntStream.rangeClosed(1, 25)
                .mapToObj(line -> new Violation("lab.Evil", "Evil.java", line, "System.exit(...)", "no"))
                .toList();

        String report = Rules.report(many);

        assertThat(report).startsWith("Your code uses things this lab does not allow; a check never runs code that does:\n"
                + "  Evil.java:1: System.exit(...): no");
        assertThat(report.lines()).hasSize(1 + 20 + 1).last().isEqualTo("  ... and 5 more");
        assertThat(Rules.report(many.subList(0, 1)).lines()).hasSize(2);
    }

    @Test
    void anExemptSourceIsSkipped() throws IOException {
        compile(dir, List.of(), Map.of("Main", "package lab; class Main { void run() { System.exit(0); } }"));

        assertThat(Rules.scan(dir, Set.of("Main.java"))).isEmpty();
        assertThat(Rules.scan(dir, Set.of())).extracting(Violation::message).singleElement().asString()
                .startsWith("Main.java:1: System.exit(...): " + PROCESS);
    }

    // ---- helpers

    /** Asserts that the statements, in a method of lab.Evil, are refused as {@code used} for the category's reason. */
    private void assertRefused(String code, String used, String reason) throws IOException {
        var found = scan(Map.of("Evil", "package lab;\nclass Evil {\n    void run() throws Throwable {\n        " + code + "\n    }\n}\n"));

        assertThat(found).as("what %s uses", code).extracting(Violation::used).contains(used);
        assertThat(found).filteredOn(v -> v.used().equals(used))
                .allSatisfy(v -> assertThat(v.message()).startsWith("Evil.java:4: " + used + ": " + reason));
    }

    /** Compiles sources named by class (a path under lab/) into the temporary folder and scans it. */
    private List<Violation> scan(Map<String, String> sources) throws IOException {
        return scan(List.of(), sources);
    }

    private List<Violation> scan(List<Path> classPath, Map<String, String> sources) throws IOException {
        compile(dir, classPath, sources);
        return Rules.scan(dir, Set.of());
    }

    private void compile(Path into, List<Path> classPath, Map<String, String> code) throws IOException {
        Path src = Files.createTempDirectory(sources, "src");
        List<Path> files = new ArrayList<>();
        for (var source : code.entrySet()) {
            Path file = src.resolve("lab/" + source.getKey() + ".java");
            Files.createDirectories(file.getParent());
            files.add(Files.writeString(file, source.getValue()));
        }
        compileFiles(into, classPath, files);
    }

    private static void compileFiles(Path into, List<Path> classPath, List<Path> files) throws IOException {
        List<String> path = new ArrayList<>(classPath.stream().map(Path::toString).toList());
        path.add(generators().toString());
        List<String> args = new ArrayList<>(List.of("-g", "-proc:none", "-nowarn", "-XDsuppressNotes",
                "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-d", into.toString(),
                "-cp", String.join(java.io.File.pathSeparator, path)));
        files.forEach(f -> args.add(f.toString()));
        var errors = new java.io.ByteArrayOutputStream();
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, errors, args.toArray(String[]::new));
        assertThat(status).as("javac: %s", errors).isZero();
    }

    /** The generators' jar or classes folder, which learner code compiles against. */
    private static Path generators() {
        try {
            return Path.of(lab.gen.Generator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
