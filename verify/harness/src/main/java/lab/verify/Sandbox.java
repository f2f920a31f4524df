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
import java.util.stream.Stream;
import lab.gen.Generator;
import lab.probe.Probe;

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
        Containment.killAll();
    }

    /** Lets learner JVMs start again after {@link #cancel()}. */
    public static void resume() {
        cancelled = false;
    }

    private static final Map<Path, List<Rules.Violation>> SCANNED = new ConcurrentHashMap<>();

    private final Path classes;
    private final Set<String> given;
    private final boolean rules;
    private final int descriptors;

    /** A sandbox for the learner's classes in {@code classes}; files named in {@code given} are the lab's own. */
    public Sandbox(Path classes, Set<String> given) {
        this(classes, given, true);
    }

    /** Like {@link #Sandbox(Path, Set)}; {@code rules} false only for the lab's own tests of containment. */
    public Sandbox(Path classes, Set<String> given, boolean rules) {
        this(classes, given, rules, Containment.DESCRIPTORS);
    }

    private Sandbox(Path classes, Set<String> given, boolean rules, int descriptors) {
        if (classes == null) {
            throw new IllegalArgumentException("the step's compiled classes were not found (no lab/Main.class on the class path, and "
                    + CLASSES_PARAMETER + " not set): build the step in your IDE or with mvn test-compile, or use ./lab check");
        }
        if (!Files.isDirectory(classes)) {
            throw new IllegalArgumentException("no compiled learner classes at " + classes + "; set " + CLASSES_PARAMETER);
        }
        this.classes = classes.toAbsolutePath().normalize();
        this.given = Set.copyOf(given);
        this.rules = rules;
        this.descriptors = descriptors;
    }

    /**
     * This sandbox, but its JVMs may hold at most {@code limit} descriptors (files, sockets, pipes), where the system
     * can set a child's limit ({@link #limitsDescriptors()}); elsewhere the usual limit holds.
     */
    public Sandbox withDescriptors(int limit) {
        return new Sandbox(classes, given, rules, limit);
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

    /** What {@link Rules} refuses in the learner's classes (scanned once per folder). */
    public List<Rules.Violation> violations() {
        return SCANNED.computeIfAbsent(classes, c -> {
            try {
                return Rules.scan(c, given);
            } catch (IOException e) {
                throw new UncheckedIOException("reading the compiled classes in " + c, e);
            }
        });
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
        if (cancelled) throw new IllegalStateException("the check was cancelled");
        requireAllowed();
        Path scratch;
        try {
            scratch = Files.createTempDirectory("lab-run-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch folder for the learner's JVM", e);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(Containment.prefix(descriptors));
        cmd.add(java);
        cmd.addAll(JVM_FLAGS);
        cmd.add("-Djava.io.tmpdir=" + scratch);
        cmd.add("-Djdk.net.unixdomain.tmpdir=" + scratch);
        cmd.add("-Duser.home=" + scratch);
        cmd.add("-D" + Probe.DEADLINE_PROPERTY + "=" + deadline.toMillis());
        cmd.addAll(List.of("--module-path", location(Probe.class).toString(), "--add-modules", "lab.probe"));
        cmd.addAll(List.of("-cp", classPath(probe), probe.getName()));
        cmd.addAll(List.of(args));
        List<String> env = List.of("PATH=/usr/bin:/bin", "HOME=" + scratch, "TMPDIR=" + scratch, "LANG=C.UTF-8");
        try {
            return Run.start(cmd, scratch, env, deadline.plusSeconds(3));
        } catch (RuntimeException e) {
            deleteQuietly(scratch);
            throw e;
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
            throw new IllegalStateException("cannot tell where " + type.getName() + " was loaded from", e);
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
