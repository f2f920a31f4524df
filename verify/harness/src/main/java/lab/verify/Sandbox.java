package lab.verify;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import lab.gen.Generator;
import lab.probe.Probe;
import lab.probe.Reads;

/**
 * Runs learner code in a child JVM of its own, contained: checked by {@link Rules} before it runs, started in a
 * scratch folder with an empty environment, capped in heap, direct memory and stacks, unable to attach agents or
 * call native code, and killed with everything it started when its run ends (see {@link Containment}).
 *
 * <p>The child's class path holds the generators, the probe's own classes and the learner's classes, in that order,
 * so no learner class can stand in for a lab class; the probe's channel lives in the module {@code lab.probe} on
 * the module path, which is not open to reflection.
 */
public final class Sandbox {

    private static final Words WORDS = Words.of(Sandbox.class);

    /** JUnit configuration parameter (or system property) naming the folder of the learner's compiled classes. */
    public static final String CLASSES_PARAMETER = "lab.learner.classes";

    /** JUnit configuration parameter (or system property): source files the lab hands out complete, comma-separated. */
    public static final String GIVEN_PARAMETER = "lab.learner.given";

    /**
     * JUnit configuration parameter: {@code off} runs learner code without {@link Rules}, for the lab's own tests of
     * the second line of defence (containment); the checker never sets it.
     */
    public static final String RULES_PARAMETER = "lab.rules";

    /** Without {@link #GIVEN_PARAMETER} (a step's own {@code mvn verify}): Main, which reads a port property and exits. */
    static final Set<String> DEFAULT_GIVEN = Set.of("Main.java");

    /** The child JVM's flags: the generators' export, containment, and limits the learner's code cannot raise. */
    static final List<String> JVM_FLAGS = List.of(
            "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED",
            "-XX:+DisableAttachMechanism",
            "--illegal-native-access=deny",
            "--finalization=disabled",
            "-XX:-UsePerfData",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:CompileThresholdScaling=10", // a scenario is short: compile only what is really hot (a third less CPU a run)
            "-XX:-UseDynamicNumberOfCompilerThreads", // no JIT thread starts while learner code runs: every start is the learner's
            "-Xshare:auto",
            "-Xmx256m",
            "-Xss1m",
            "-XX:MaxDirectMemorySize=64m",
            "-XX:MaxMetaspaceSize=128m",
            "-XX:ReservedCodeCacheSize=64m",
            "-Dfile.encoding=UTF-8",
            "-Dstdout.encoding=UTF-8",
            "-Dstderr.encoding=UTF-8");

    private static volatile boolean cancelled;

    /**
     * Cancels the checks under way in this JVM: every learner JVM is killed now, and none starts until
     * {@link #resume()} (a watcher's check made stale by a save).
     */
    public static void cancel() {
        cancelled = true;
        discardWarm();
        Containment.killAll();
    }

    /** Lets learner JVMs start again after {@link #cancel()}. */
    public static void resume() {
        cancelled = false;
    }

    /**
     * Scans already made, by folder, what was in it (a watcher compiles into the same folder again) and the language
     * their reasons are told in.
     */
    private static final Map<String, List<Rules.Violation>> SCANNED = new ConcurrentHashMap<>();

    private final Path classes;
    private final Set<String> given;
    private final boolean rules;
    private final int descriptors;
    private final boolean countReads;

    /** A sandbox for the learner's classes in {@code classes}; files named in {@code given} are the lab's own. */
    public Sandbox(Path classes, Set<String> given) {
        this(classes, given, true);
    }

    /** Like {@link #Sandbox(Path, Set)}; {@code rules} false only for the lab's own tests of containment. */
    public Sandbox(Path classes, Set<String> given, boolean rules) {
        this(classes, given, rules, Containment.DESCRIPTORS, false);
    }

    private Sandbox(Path classes, Set<String> given, boolean rules, int descriptors, boolean countReads) {
        if (classes == null) {
            throw new IllegalArgumentException(WORDS.say("Sandbox.noClasses", CLASSES_PARAMETER));
        }
        if (!Files.isDirectory(classes)) {
            throw new IllegalArgumentException(WORDS.say("Sandbox.notAFolder", classes, CLASSES_PARAMETER));
        }
        this.classes = classes.toAbsolutePath().normalize();
        this.given = Set.copyOf(given);
        this.rules = rules;
        this.descriptors = descriptors;
        this.countReads = countReads;
    }

    /**
     * This sandbox, but its JVMs may hold at most {@code limit} descriptors (files, sockets, pipes), where the system
     * can set a child's limit ({@link #limitsDescriptors()}); elsewhere the usual limit holds.
     */
    public Sandbox withDescriptors(int limit) {
        return new Sandbox(classes, given, rules, limit, countReads);
    }

    /**
     * This sandbox, but in its JVMs {@link Reads} counts the learner's socket reads (fact {@code read PORT}): an agent
     * that costs each JVM about 30 ms to start, so only servers have it.
     */
    public Sandbox countingReads() {
        return new Sandbox(classes, given, rules, descriptors, true);
    }

    /** Whether this system can set the descriptor limit of a learner's JVM ({@code prlimit}). */
    public static boolean limitsDescriptors() {
        return Containment.limitsDescriptors();
    }

    /** The learner's classes folder. */
    public Path classes() {
        return classes;
    }

    /** The source files the lab hands out complete in this step (their classes are the lab's own copies). */
    public Set<String> given() {
        return given;
    }

    /** What {@link Rules} refuses in the learner's classes (scanned once per folder and content). */
    public List<Rules.Violation> violations() {
        return SCANNED.computeIfAbsent(fingerprint(classes) + given + Lang.current(), k -> {
            try {
                return Rules.scan(classes, given);
            } catch (IOException e) {
                throw new UncheckedIOException(WORDS.say("Sandbox.reading", classes), e);
            }
        });
    }

    /** A folder's path with the name, size and time of every file in it: what it holds now. */
    private static String fingerprint(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            var sb = new StringBuilder(folder.toString());
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                var attributes = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class);
                sb.append('|').append(folder.relativize(p)).append(':').append(attributes.size())
                        .append(':').append(attributes.lastModifiedTime().toMillis()).append(':').append(attributes.fileKey());
            }
            return sb.toString();
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException(WORDS.say("Sandbox.readingFailed", folder, e.getMessage()), e);
        }
    }

    /** Fails, in learner language, if the learner's classes use anything {@link Rules} refuses: such code never runs. */
    public Sandbox requireAllowed() {
        if (!rules) return this;
        List<Rules.Violation> found = violations();
        if (!found.isEmpty()) {
            throw Failure.of(Rules.report(found)).read(BookSection.RULES).error();
        }
        return this;
    }

    /**
     * Starts {@code probe}'s main in a contained child JVM with the given arguments; the probe's watchdog stops it
     * after {@code deadline}, and the checker kills it a little later if even that fails.
     */
    public Run start(Class<?> probe, Duration deadline, String... args) {
        if (cancelled) throw new IllegalStateException(WORDS.say("Sandbox.cancelled"));
        requireAllowed();
        if (warming) {
            var kind = new Kind(descriptors, classPath(probe), readsAgent());
            DEMAND.merge(kind, 1, Integer::sum);
            Run.Spawned warm = takeWarm(kind);
            if (warm != null) return Run.begin(warm, go(probe, deadline, args), deadline.plusSeconds(3));
        }
        List<String> main = new ArrayList<>();
        main.addAll(readsAgent());
        main.add("-D" + Probe.DEADLINE_PROPERTY + "=" + deadline.toMillis());
        main.addAll(List.of("-cp", classPath(probe), probe.getName()));
        main.addAll(List.of(args));
        return Run.begin(spawn(descriptors, main), null, deadline.plusSeconds(3));
    }

    /**
     * Starts a contained JVM in a scratch folder of its own: the containment prefix, the JVM's flags, then
     * {@code main} (the class path, the main class and its arguments).
     */
    private static Run.Spawned spawn(int descriptors, List<String> main) {
        Path scratch;
        try {
            scratch = Files.createTempDirectory("lab-run-");
        } catch (IOException e) {
            throw new UncheckedIOException(WORDS.say("Sandbox.scratch"), e);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(Containment.prefix(descriptors));
        cmd.add(java);
        cmd.addAll(JVM_FLAGS);
        cmd.add("-Djava.io.tmpdir=" + scratch);
        cmd.add("-Djdk.net.unixdomain.tmpdir=" + scratch);
        cmd.add("-Duser.home=" + scratch);
        cmd.addAll(List.of("--module-path", location(Probe.class).toString(), "--add-modules", "lab.probe"));
        cmd.addAll(main);
        List<String> env = List.of("PATH=/usr/bin:/bin", "HOME=" + scratch, "TMPDIR=" + scratch, "LANG=C.UTF-8");
        try {
            return Run.spawn(cmd, scratch, env);
        } catch (RuntimeException e) {
            deleteQuietly(scratch);
            throw e;
        }
    }

    // --- warm JVMs: started ahead of the checks that will use them (watch) ---

    /** What tells learner JVMs apart before their probe runs: the descriptor limit, the class path and the agent that counts reads. */
    private record Kind(int descriptors, String classPath, List<String> agent) {}

    private static volatile boolean warming;
    private static final Map<Kind, Integer> DEMAND = new ConcurrentHashMap<>();
    private static final Map<Kind, java.util.concurrent.ConcurrentLinkedDeque<Run.Spawned>> WARM = new ConcurrentHashMap<>();

    /**
     * From now on, a learner JVM may come from the JVMs {@link #refill(int)} started ahead: booted, the learner's
     * folder on its class path but nothing of it loaded, waiting on stdin for the probe to run ({@code lab.probe.Launcher}).
     * Only for a watcher, whose classes folder keeps its path from one compile to the next.
     */
    public static void keepWarm() {
        warming = true;
    }

    /** Stops starting JVMs ahead, and ends those that wait. */
    public static void stopWarm() {
        warming = false;
        DEMAND.clear();
        discardWarm();
    }

    /** How many JVMs started ahead wait for a check now. */
    public static int warmWaiting() {
        return WARM.values().stream().mapToInt(java.util.Collection::size).sum();
    }

    /**
     * Starts ahead, for each kind of learner JVM the checks since the last call started, as many JVMs as they
     * started, and at most {@code max} waiting in all; the next checks then begin without waiting for a JVM to boot.
     */
    public static void refill(int max) {
        if (!warming || cancelled) return;
        Map<Kind, Integer> wanted = Map.copyOf(DEMAND);
        DEMAND.clear();
        int waiting = warmWaiting();
        for (var e : wanted.entrySet()) {
            var queue = WARM.computeIfAbsent(e.getKey(), k -> new java.util.concurrent.ConcurrentLinkedDeque<>());
            for (int n = queue.size(); n < e.getValue() && waiting < max; n++, waiting++) {
                queue.add(spawn(e.getKey().descriptors(), Stream.concat(e.getKey().agent().stream(), Stream.of("-cp", e.getKey().classPath(), lab.probe.Launcher.class.getName())).toList()));
            }
        }
    }

    /** A warm JVM of this kind that is still alive, or null. */
    private static Run.Spawned takeWarm(Kind kind) {
        var queue = WARM.get(kind);
        for (Run.Spawned s; queue != null && (s = queue.poll()) != null; ) {
            if (s.process().isAlive()) return s;
            s.discard(System.nanoTime());
        }
        return null;
    }

    /** Ends every warm JVM: all are told to end at once, then each is waited for (a second in all) or killed. */
    private static void discardWarm() {
        List<Run.Spawned> all = new ArrayList<>();
        for (var queue : WARM.values()) {
            for (Run.Spawned s; (s = queue.poll()) != null; ) all.add(s);
        }
        all.forEach(Run.Spawned::release);
        long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        all.forEach(s -> s.discard(until));
    }

    /** The line that starts a warm JVM's probe (see {@code lab.probe.Launcher}). */
    private static String go(Class<?> probe, Duration deadline, String... args) {
        List<String> parts = new ArrayList<>(List.of(lab.probe.Launcher.GO, String.valueOf(deadline.toMillis()), probe.getName()));
        for (String a : args) {
            if (a.contains("\t") || a.contains("\n")) throw new IllegalArgumentException(WORDS.say("Sandbox.probeArgument", a));
            parts.add(a);
        }
        return String.join("\t", parts);
    }

    /** The flag that has {@link Reads} count the reads of the learner's classes (those loaded from their folder), if asked. */
    private List<String> readsAgent() {
        return countReads ? List.of("-javaagent:" + agentJar() + "=" + classes) : List.of();
    }

    private static Path agentJar;

    /**
     * A jar that holds only a manifest naming {@link Reads} as the agent: the JVM wants an agent in a jar, and
     * finds the class itself in the probe's module. Made once per checker JVM.
     */
    private static synchronized Path agentJar() {
        if (agentJar != null) return agentJar;
        try {
            Path jar = Files.createTempFile("lab-reads-agent-", ".jar");
            jar.toFile().deleteOnExit();
            var manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().putValue("Premain-Class", Reads.class.getName());
            try (var out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
                // the manifest is all there is
            }
            return agentJar = jar;
        } catch (IOException e) {
            throw new UncheckedIOException(WORDS.say("Sandbox.agentJar"), e);
        }
    }

    /** The generators, the probe's own code (a verifier jar or folder), then the learner's classes: nothing else. */
    String classPath(Class<?> probe) {
        Set<String> entries = new LinkedHashSet<>();
        entries.add(location(Generator.class).toString());
        entries.add(location(probe).toString());
        entries.add(classes.toString());
        return String.join(File.pathSeparator, entries);
    }

    /**
     * How this system contains learner JVMs: {@code namespace} (a PID namespace of its own: it sees and signals no
     * process outside, and all it starts dies with it), {@code session} (a session of its own, found by its tag), or
     * {@code plain} (its descendants only).
     */
    public static String containment() {
        return Containment.mode().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Where the generators ({@code lab.gen}) come from: what learner code compiles and runs against. */
    public static Path generators() {
        return location(Generator.class);
    }

    /** Where a class was loaded from: its jar or classes folder. */
    static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException(WORDS.say("Sandbox.location", type.getName()), e);
        }
    }

    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException | UncheckedIOException e) {
            // a scratch folder left in the system's temp folder is not worth failing a check for
        }
    }
}
