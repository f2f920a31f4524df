package lab.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The main class of a JVM started ahead of its check (a warm JVM): it waits, having loaded nothing of the learner's,
 * for one line on stdin naming the probe to run, {@code go TAB DEADLINE-MS TAB PROBE-CLASS [TAB ARG]...}, then runs
 * that probe's main as a JVM started for it would (the greeting follows on stdin). The end of stdin before that line
 * means the checker is gone: the JVM ends.
 */
public final class Launcher {

    /** The first word of the line that starts the probe. */
    public static final String GO = "go";

    private Launcher() {}

    /** Waits for the go line, then runs the probe it names. */
    public static void main(String[] ignored) throws Throwable {
        String line = readLine(System.in);
        if (line == null) Runtime.getRuntime().halt(Probe.EXIT_ORPHANED);
        String[] parts = line.split("\t", -1);
        if (parts.length < 3 || !parts[0].equals(GO)) {
            System.err.println("lab.probe: expected \"" + GO + " DEADLINE CLASS ARGS\" on stdin; this JVM is started by the lab's checker");
            Runtime.getRuntime().halt(Probe.EXIT_NO_CHANNEL);
        }
        System.setProperty(Probe.DEADLINE_PROPERTY, parts[1]);
        Class<?> probe = Class.forName(parts[2], true, ClassLoader.getSystemClassLoader());
        try {
            probe.getMethod("main", String[].class).invoke(null, (Object) Arrays.copyOfRange(parts, 3, parts.length));
        } catch (InvocationTargetException e) {
            throw e.getCause(); // the probe reports and halts by itself; this is only for what escapes it
        }
    }

    /** One line of stdin, read a byte at a time so that what follows it stays for the probe; null at the end. */
    private static String readLine(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) return null;
            if (line.size() > 64 * 1024) throw new IOException("the go line is too long");
            line.write(c);
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
