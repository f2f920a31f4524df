package lab.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How a child JVM's run of learner code ended, read from its marker lines.
 *
 * @param output     every line the learner's code printed, in order, without the probe's lines
 * @param events     the probe's events, each as its name followed by its values
 * @param error      what learner code threw, if it did
 * @param timeoutAt  where the main thread was when the watchdog fired, if it fired
 * @param exitAt     where learner code called System.exit, if it did
 * @param stray      names of non-daemon threads the learner's code left running
 * @param done       whether the scenario returned
 * @param exitCode   the child JVM's exit code (-1 if it was still alive)
 * @param killed     whether the harness had to kill the child JVM at its hard deadline
 * @param stderr     what the child wrote on standard error (truncated)
 * @param lines      every line the child printed, the probe's included
 */
public record Outcome(List<String> output, List<List<String>> events, Optional<Thrown> error,
                      Optional<List<String>> timeoutAt, Optional<List<String>> exitAt, List<String> stray,
                      boolean done, int exitCode, boolean killed, String stderr, List<String> lines) {

    /** An exception thrown by learner code: its class, message and stack, innermost frame first. */
    public record Thrown(String className, String message, List<String> frames) {

        /** The simple class name, e.g. {@code IllegalStateException}. */
        public String simpleName() {
            return className.substring(className.lastIndexOf('.') + 1);
        }

        /** Whether this is the skeleton's "not written yet" exception. */
        public boolean isTodo() {
            return className.equals("java.lang.UnsupportedOperationException") && message.startsWith("TODO");
        }

        /** Whether the learner's classes do not match what the verifier was built against. */
        public boolean isLinkage() {
            return switch (simpleName()) {
                case "NoClassDefFoundError", "NoSuchMethodError", "NoSuchFieldError", "AbstractMethodError",
                     "IncompatibleClassChangeError", "ClassNotFoundException", "IllegalAccessError" -> true;
                default -> false;
            };
        }
    }

    static Outcome parse(List<String> lines, String stderr, int exitCode, boolean killed) {
        List<String> output = new ArrayList<>();
        List<List<String>> events = new ArrayList<>();
        Optional<Thrown> error = Optional.empty();
        Optional<List<String>> timeoutAt = Optional.empty(), exitAt = Optional.empty();
        List<String> stray = new ArrayList<>();
        boolean done = false;
        for (String line : lines) {
            if (!line.startsWith(Probe.MARK)) {
                output.add(line);
                continue;
            }
            String body = line.substring(Probe.MARK.length());
            String kind = body.contains(" ") ? body.substring(0, body.indexOf(' ')) : body;
            String rest = body.substring(kind.length()).strip();
            switch (kind) {
                case "event" -> events.add(List.of(rest.split(" ")));
                case "error" -> {
                    String[] parts = rest.split("\t", -1);
                    error = Optional.of(new Thrown(parts[0], Probe.unescape(parts.length > 1 ? parts[1] : ""),
                            frames(parts.length > 2 ? parts[2] : "-")));
                }
                case "timeout" -> timeoutAt = Optional.of(frames(rest.contains("\t") ? rest.substring(rest.indexOf('\t') + 1) : "-"));
                case "exit-called" -> exitAt = Optional.of(frames(rest));
                case "stray-thread" -> stray.add(rest);
                case "done" -> done = true;
                default -> output.add(line); // not ours after all
            }
        }
        return new Outcome(List.copyOf(output), List.copyOf(events), error, timeoutAt, exitAt, List.copyOf(stray),
                done, exitCode, killed, stderr, List.copyOf(lines));
    }

    private static List<String> frames(String text) {
        return text.equals("-") || text.equals("unknown") ? List.of() : Arrays.asList(text.split(" <- "));
    }

    /** The values of every event with this name, in the order reported. */
    public List<List<String>> events(String name) {
        return events.stream().filter(e -> e.getFirst().equals(name)).map(e -> e.subList(1, e.size())).toList();
    }

    /**
     * The learner's output with the named events in their places, each shown as {@code <name values>}: the
     * recorded trace that a verifier compares whole.
     */
    public List<String> trace(String... eventNames) {
        List<String> names = List.of(eventNames);
        List<String> out = new ArrayList<>();
        String prefix = Probe.MARK + "event ";
        for (String line : lines) {
            if (!line.startsWith(Probe.MARK)) {
                out.add(line);
            } else if (line.startsWith(prefix)) {
                String event = line.substring(prefix.length());
                String name = event.contains(" ") ? event.substring(0, event.indexOf(' ')) : event;
                if (names.contains(name)) out.add("<" + event + ">");
            }
        }
        return out;
    }

    /** Whether the run ended normally: the scenario returned, nothing thrown, no exit, no stray threads. */
    public boolean normal() {
        return done && error.isEmpty() && timeoutAt.isEmpty() && exitAt.isEmpty() && stray.isEmpty() && !killed;
    }

    /**
     * Throws a learner-language failure unless the run ended normally.
     *
     * @param called    what the verifier called, as the learner would write it
     * @param section   the book section to read
     * @param loopHint  the likely mistake if the call never returned
     */
    public Outcome requireNormal(String called, BookSection section, String loopHint) {
        var f = failure(called, section, loopHint);
        if (f.isPresent()) throw f.get().error();
        return this;
    }

    /** The failure this outcome amounts to, if any (see {@link #requireNormal}). */
    public Optional<Failure> failure(String called, BookSection section, String loopHint) {
        if (timeoutAt.isPresent() || killed) {
            return Optional.of(Failure.of(called + " did not finish in time: the verifier stopped it.")
                    .called(called)
                    .at(where(timeoutAt.orElse(List.of())))
                    .row("output", tail(output, 8))
                    .likely(loopHint)
                    .read(section));
        }
        if (exitAt.isPresent()) {
            return Optional.of(Failure.of("Your code called System.exit, which ends the whole program.")
                    .called(called)
                    .at(where(exitAt.get()))
                    .likely("return from the method instead of exiting; the scheduler decides when the program ends")
                    .read(section));
        }
        if (error.isPresent()) {
            Thrown t = error.get();
            if (t.isTodo()) {
                return Optional.of(Failure.of(todoName(t) + " is not written yet.")
                        .called(called)
                        .got("UnsupportedOperationException: " + t.message())
                        .at(where(t.frames()))
                        .likely("the skeleton's TODO is still there: replace the throw with your code")
                        .read(section));
            }
            if (t.isLinkage()) {
                return Optional.of(Failure.of("The verifier could not find part of your code.")
                        .called(called)
                        .got(t.simpleName() + ": " + t.message())
                        .likely("a class or method was renamed or moved, or its parameters changed; "
                                + "keep the names and signatures of the skeleton")
                        .read(section));
            }
            return Optional.of(Failure.of(called + " threw " + t.simpleName() + ".")
                    .called(called)
                    .got(t.simpleName() + ": " + t.message())
                    .at(where(t.frames()))
                    .row("output", tail(output, 8))
                    .read(section));
        }
        if (!stray.isEmpty()) {
            return Optional.of(Failure.of("Your code left threads running: " + String.join(", ", stray) + ".")
                    .called(called)
                    .likely("the scheduler runs every task on one thread; do not start threads or executors")
                    .read(section));
        }
        if (!done) {
            return Optional.of(Failure.of("The JVM running your code stopped unexpectedly (exit code " + exitCode + ").")
                    .called(called)
                    .row("output", tail(output, 8))
                    .row("stderr", tail(stderr.lines().toList(), 12))
                    .read(section));
        }
        return Optional.empty();
    }

    /** The learner's frames of a stack, innermost first, or the innermost frames if none is the learner's. */
    static String where(List<String> frames) {
        List<String> mine = frames.stream().filter(Outcome::isLearnerFrame).limit(4).toList();
        List<String> shown = mine.isEmpty() ? frames.stream().limit(3).toList() : mine;
        return shown.isEmpty() ? "" : String.join("\ncalled from ", shown);
    }

    static boolean isLearnerFrame(String frame) {
        String f = frame.contains("/") ? frame.substring(frame.lastIndexOf('/') + 1) : frame; // drop "java.base/"
        for (String p : List.of("java.", "javax.", "jdk.", "sun.", "lab.gen.", "lab.verify.", "org.junit.")) {
            if (f.startsWith(p)) return false;
        }
        return true;
    }

    private static String todoName(Thrown t) {
        String m = t.message().substring("TODO".length()).strip();
        int colon = m.indexOf(':');
        return colon > 0 ? m.substring(0, colon) : "A method";
    }

    /** The last {@code n} lines, numbered, for a message. */
    public static String tail(List<String> lines, int n) {
        if (lines.isEmpty()) return "(nothing)";
        List<String> last = lines.subList(Math.max(0, lines.size() - n), lines.size());
        String head = lines.size() > n ? "... (" + (lines.size() - n) + " lines before)\n" : "";
        return head + String.join("\n", last);
    }
}
