package lab.verify;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts learner code in a child JVM of its own, so an endless loop, a {@code System.exit} or a stray thread
 * ends that JVM and fails one check, never the build.
 */
public final class Sandbox {

    /** JUnit configuration parameter (or system property) naming the learner's class path. */
    public static final String CLASSPATH_PARAMETER = "lab.learner.classpath";

    private static final String ADD_EXPORTS = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED";

    private final String classPath;

    /** A sandbox whose child JVMs run with this class path (learner classes, the probes, the generators). */
    public Sandbox(String classPath) {
        if (classPath == null || classPath.isBlank()) {
            throw new IllegalArgumentException("learner class path is empty; set " + CLASSPATH_PARAMETER);
        }
        this.classPath = classPath;
    }

    /** The class path the verifier's own JVM was started with: Surefire's test class path, else java.class.path. */
    public static String currentClassPath() {
        String cp = System.getProperty(CLASSPATH_PARAMETER);
        if (cp == null) cp = System.getProperty("surefire.test.class.path");
        if (cp == null) cp = System.getProperty("java.class.path");
        return cp;
    }

    /** The class path entries, for messages and tests. */
    public List<Path> classPathEntries() {
        List<Path> out = new ArrayList<>();
        for (String s : classPath.split(File.pathSeparator)) if (!s.isEmpty()) out.add(Path.of(s));
        return out;
    }

    /**
     * Starts {@code probe}'s main in a child JVM with the given arguments; the probe's watchdog stops it after
     * {@code deadline}, and {@link Run} kills it a little later if even that fails.
     */
    public Run start(Class<?> probe, Duration deadline, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(
                java,
                ADD_EXPORTS,
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-Xmx256m",
                "-Dfile.encoding=UTF-8",
                "-Dstdout.encoding=UTF-8",
                "-D" + Probe.DEADLINE_PROPERTY + "=" + deadline.toMillis(),
                "-cp", classPath,
                probe.getName()));
        cmd.addAll(List.of(args));
        return Run.start(cmd, deadline.plusSeconds(5));
    }
}
