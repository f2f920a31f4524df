package lab.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lab.probe.Event;

/**
 * How a child JVM's run of learner code ended, from the events its probe reported, in order.
 *
 * @param events     every event the probe reported (learner output included, as {@link Event.Output})
 * @param breach     why the checker stopped the run early (a flood, memory, a leftover process), if it did
 * @param jvmOutput  what the JVM itself wrote on its stdout and stderr (not learner output), capped and cleaned
 * @param exitCode   the child JVM's exit code (-1 if it was still alive)
 * @param killed     whether the checker had to kill the child JVM at its hard deadline
 */
public record Outcome(List<Event> events, Optional<Run.Breach> breach, String jvmOutput, int exitCode, boolean killed) {

    private static final Words WORDS = Words.of(Outcome.class);

    static Outcome of(List<Event> events, Optional<Run.Breach> breach, String jvmOutput, int exitCode, boolean killed) {
        return new Outcome(List.copyOf(events), breach, jvmOutput, exitCode, killed);
    }

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

        /** The book section a skeleton's TODO names in its message ({@code see the book, "Title" (...#id)}), if it does. */
        public Optional<BookSection> todoSection() {
            return BookSection.named(message);
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

    /** Every line learner code printed on stdout, in order, cleaned for showing. */
    public List<String> output() {
        return events.stream().filter(e -> e instanceof Event.Output o && !o.stderr()).map(e -> Text.clean(((Event.Output) e).text())).toList();
    }

    /** Every line learner code printed on stderr, in order, cleaned for showing. */
    public List<String> stderr() {
        return events.stream().filter(e -> e instanceof Event.Output o && o.stderr()).map(e -> Text.clean(((Event.Output) e).text())).toList();
    }

    /** The values of every fact with this name, in the order reported. */
    public List<List<String>> facts(String name) {
        return events.stream().filter(e -> e instanceof Event.Fact f && f.name().equals(name)).map(e -> ((Event.Fact) e).values()).toList();
    }

    /**
     * The values of the one fact with this name; a missing or repeated fact is the checker's own error (a probe
     * reports it exactly once when the run ended normally), never a pass.
     */
    public List<String> only(String name) {
        List<List<String>> all = facts(name);
        if (all.size() != 1) {
            throw Failure.of(WORDS.say("Outcome.only.headline", all.size(), name))
                    .likely(WORDS.say(all.isEmpty() ? "Outcome.only.likely.missing" : "Outcome.only.likely.repeated"))
                    .error();
        }
        return all.getFirst();
    }

    /** What the scheduler of every step says when a task waits for a channel in blocking mode (Scheduler.park). */
    static final String BLOCKING_MODE = ", which is in blocking mode: call configureBlocking(false)"; // data

    /** What learner code threw, if it did. */
    public Optional<Thrown> error() {
        return last(Event.Thrown.class).map(t -> new Thrown(t.className(), Text.clean(t.message()), clean(t.frames())));
    }

    /** Where the scenario's thread was when the watchdog fired, if it fired. */
    public Optional<List<String>> timeoutAt() {
        return last(Event.Timeout.class).map(t -> clean(t.frames()));
    }

    /** Where learner code ended the JVM itself, if it did. */
    public Optional<List<String>> exitAt() {
        return last(Event.Exited.class).map(x -> clean(x.frames()));
    }

    /** The threads learner code started, by name where the probe saw them live (see {@link #newThreads(List)}). */
    public List<String> newThreads() {
        return newThreads(events);
    }

    /**
     * The threads learner code started: the names of those seen live, and a line for those that ended before they
     * could be seen (the probe counts every start, fact {@code threads-started}).
     */
    static List<String> newThreads(List<Event> events) {
        List<String> names = new ArrayList<>();
        long started = 0;
        for (Event e : events) {
            if (e instanceof Event.NewThread t) {
                names.add(t.name().isEmpty() ? WORDS.say("Outcome.thread.unnamed") : Text.oneLine(t.name()));
            } else if (e instanceof Event.Fact f && f.name().equals("threads-started") && f.values().size() == 1) {
                started = Math.max(started, Long.parseLong(f.values().getFirst()));
            }
        }
        if (started > names.size()) names.add(WORDS.say("Outcome.thread.unseen", started - names.size()));
        return List.copyOf(names);
    }

    /** Whether the scenario returned. */
    public boolean done() {
        return last(Event.Done.class).isPresent();
    }

    private <T extends Event> Optional<T> last(Class<T> type) {
        return events.isEmpty() || !type.isInstance(events.getLast()) ? Optional.empty() : Optional.of(type.cast(events.getLast()));
    }

    private static List<String> clean(List<String> frames) {
        return frames.stream().map(Text::oneLine).toList();
    }

    /**
     * The learner's output with the named facts in their places, each shown as {@code <name values>}: the recorded
     * trace that a verifier compares whole.
     */
    public List<String> trace(String... factNames) {
        List<String> names = List.of(factNames);
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            if (e instanceof Event.Output o && !o.stderr()) {
                // a printed "<resume>" must not pass for the fact: printed lines that start so are shown escaped
                String text = Text.clean(o.text());
                out.add(text.startsWith("<") ? "\\" + text : text);
            } else if (e instanceof Event.Fact f && names.contains(f.name())) {
                out.add("<" + String.join(" ", concat(f.name(), f.values())) + ">");
            }
        }
        return out;
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> out = new ArrayList<>(rest.size() + 1);
        out.add(first);
        out.addAll(rest);
        return out;
    }

    /** Whether the run ended normally: the scenario returned, nothing thrown, no exit, no new threads, not stopped. */
    public boolean normal() {
        return done() && breach.isEmpty() && newThreads().isEmpty() && !killed;
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
        if (breach.isPresent()) {
            return Optional.of(Failure.of(breach.get().headline())
                    .called(called)
                    .row("output", tail(output(), 8))
                    .likely(breach.get().likely())
                    .read(section));
        }
        if (timeoutAt().isPresent() || killed) {
            return Optional.of(Failure.of(WORDS.say("Outcome.timeout.headline", called))
                    .called(called)
                    .at(where(timeoutAt().orElse(List.of())))
                    .row("output", tail(output(), 8))
                    .likely(loopHint)
                    .read(section));
        }
        if (exitAt().isPresent()) {
            return Optional.of(Failure.of(WORDS.say("Outcome.exit.headline"))
                    .called(called)
                    .at(where(exitAt().get()))
                    .likely(WORDS.say("Outcome.exit.likely"))
                    .read(section));
        }
        if (error().isPresent()) {
            Thrown t = error().get();
            if (t.isTodo()) {
                return Optional.of(Failure.of(WORDS.say("todo.headline", todoName(t)))
                        .called(called)
                        .got("UnsupportedOperationException: " + t.message())
                        .at(where(t.frames()))
                        .likely(WORDS.say("todo.likely"))
                        .read(t.todoSection().orElse(section)));
            }
            if (t.isLinkage()) {
                return Optional.of(Failure.of(WORDS.say("Outcome.linkage.headline"))
                        .called(called)
                        .got(t.simpleName() + ": " + t.message())
                        .likely(WORDS.say("Outcome.linkage.likely"))
                        .read(section));
            }
            return Optional.of(Failure.of(WORDS.say("Outcome.threw.headline", called, t.simpleName()))
                    .called(called)
                    .got(t.simpleName() + ": " + t.message())
                    .at(where(t.frames()))
                    .row("output", tail(output(), 8))
                    // the scheduler the lab hands out says this one in English: the advice in the learner's language
                    .likely(String.valueOf(t.message()).contains(BLOCKING_MODE) ? WORDS.say("Outcome.threw.blocking.likely") : null)
                    .read(section));
        }
        if (!newThreads().isEmpty()) {
            return Optional.of(Failure.of(WORDS.say("Outcome.threads.headline", String.join(", ", newThreads())))
                    .called(called)
                    .likely(WORDS.say("Outcome.threads.likely"))
                    .read(section));
        }
        if (!done()) {
            return Optional.of(Failure.of(WORDS.say("Outcome.died.headline", exitCode))
                    .called(called)
                    .row("output", tail(output(), 8))
                    .row("stderr", tail(stderr(), 12))
                    .row("jvm", tail(jvmOutput.lines().toList(), 12))
                    .read(section));
        }
        return Optional.empty();
    }

    /** The learner's frames of a stack, innermost first, or the innermost frames if none is the learner's. */
    static String where(List<String> frames) {
        List<String> mine = frames.stream().filter(Outcome::isLearnerFrame).limit(4).toList();
        List<String> shown = mine.isEmpty() ? frames.stream().limit(3).toList() : mine;
        return shown.isEmpty() ? "" : String.join("\n" + WORDS.say("Outcome.where.calledFrom") + " ", shown);
    }

    static boolean isLearnerFrame(String frame) {
        String f = frame.contains("/") ? frame.substring(frame.lastIndexOf('/') + 1) : frame; // drop "java.base/"
        for (String p : List.of("java.", "javax.", "jdk.", "sun.", "lab.gen.", "lab.verify.", "lab.probe.", "org.junit.")) {
            if (f.startsWith(p)) return false;
        }
        return true;
    }

    private static String todoName(Thrown t) {
        String m = t.message().substring("TODO".length()).strip();
        int colon = m.indexOf(':');
        return colon > 0 ? m.substring(0, colon) : WORDS.say("todo.someMethod");
    }

    /** The last {@code n} lines, numbered, for a message. */
    public static String tail(List<String> lines, int n) {
        if (lines.isEmpty()) return WORDS.say("nothing");
        List<String> last = lines.subList(Math.max(0, lines.size() - n), lines.size());
        String head = lines.size() > n ? WORDS.say("Outcome.tail.before", lines.size() - n) + "\n" : "";
        return head + String.join("\n", last);
    }
}
