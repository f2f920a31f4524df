package lab.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The last verdict of each step, remembered under a hash of the step's sources and of the lab's own build (its
 * stamp), so that {@code ./lab} re-checks only what changed. Kept in {@code tools/target/verdicts/}: a clean build
 * forgets them, as it must, since the verifiers may have changed.
 */
final class Verdicts {

    /** A remembered verdict: the state, and how many of how many checks passed. */
    record Verdict(Core.State state, long passed, long total) {

        /** The state as the status table shows it. */
        String describe() {
            return switch (state) {
                case PASSING -> Core.WORDS.say("state.passing", total);
                case FAILING -> Core.WORDS.say("state.failing", passed, total);
                case DOES_NOT_COMPILE -> Core.WORDS.say("state.doesNotCompile");
                case REFUSED -> Core.WORDS.say("state.refused");
                case NOT_STARTED -> Core.WORDS.say("state.notStarted");
                case MISSING -> Core.WORDS.say("state.missing");
            };
        }

        static Verdict of(Core.Outcome outcome) {
            var r = outcome.report();
            return new Verdict(outcome.state(), r.passed(), r.results().size());
        }
    }

    private final Layout layout;

    Verdicts(Layout layout) {
        this.layout = layout;
    }

    /** The remembered verdict of the step's code as it is now, if any. */
    Optional<Verdict> recall(Layout.Step step) {
        Optional<String> key = key(step);
        Path file = file(step);
        if (key.isEmpty() || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() < 2 || !lines.get(0).equals(key.get())) return Optional.empty();
            String[] f = lines.get(1).split(" ");
            return Optional.of(new Verdict(Core.State.valueOf(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable or garbled: check again
        }
    }

    /** Remembers the verdict of a check of the step's code as it is now (nothing, where that cannot be known). */
    void remember(Layout.Step step, Core.Outcome outcome) {
        Optional<String> key = key(step);
        if (key.isEmpty()) return;
        Verdict v = Verdict.of(outcome);
        try {
            Files.createDirectories(file(step).getParent());
            Files.writeString(file(step), key.get() + "\n" + v.state() + " " + v.passed() + " " + v.total() + "\n");
        } catch (IOException e) {
            // a verdict not remembered is only checked again
        }
    }

    private Path file(Layout.Step step) {
        return layout.root().resolve("tools/target/verdicts").resolve(step.folder());
    }

    /**
     * A hash of the step's sources (names and contents, links and odd files as such) and of the lab's build stamp;
     * empty when the lab has no stamp (not built by {@code ./lab}) or a source cannot be read.
     */
    private Optional<String> key(Layout.Step step) {
        Path stamp = layout.root().resolve("tools/target/lab-built");
        try {
            if (!Files.isRegularFile(stamp)) return Optional.empty();
            String sources = Core.snapshot(step);
            // an unreadable or odd source makes no key: such a step is checked every time
            if (sources.contains(" odd\n") || sources.startsWith("unreadable") || sources.contains("\nunreadable")) return Optional.empty();
            var md = MessageDigest.getInstance("SHA-256");
            md.update(Files.readAllBytes(stamp));
            md.update(sources.getBytes(StandardCharsets.UTF_8));
            return Optional.of(HexFormat.of().formatHex(md.digest()));
        } catch (IOException | RuntimeException | NoSuchAlgorithmException e) {
            return Optional.empty();
        }
    }
}
