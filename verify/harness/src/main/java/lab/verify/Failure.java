package lab.verify;

import java.util.ArrayList;
import java.util.List;
import org.opentest4j.AssertionFailedError;

/**
 * A failing check told in learner language: what happened, what was called or sent, what was expected,
 * what came back, the likely mistake, and where to read.
 */
public final class Failure {

    private final String headline;
    private final List<String[]> rows = new ArrayList<>();
    private Object expected, actual;
    private boolean hasValues;

    private Failure(String headline) {
        this.headline = headline;
    }

    /** Starts a failure whose first line says what happened. */
    public static Failure of(String headline) {
        return new Failure(headline);
    }

    /** What the verifier called or sent. */
    public Failure called(String what) {
        return row("called", what);
    }

    /** What the verifier sent over the network. */
    public Failure sent(String what) {
        return row("sent", what);
    }

    /** What the verifier expected. */
    public Failure expected(String what) {
        return row("expected", what);
    }

    /** What came back. */
    public Failure got(String what) {
        return row("got", what);
    }

    /** Where in the learner's code it happened. */
    public Failure at(String where) {
        return row("at", where);
    }

    /** The likely mistake: one per failure, so a later, more precise one replaces an earlier one. */
    public Failure likely(String mistake) {
        if (mistake == null || mistake.isBlank()) return this;
        for (String[] r : rows) {
            if (r[0].equals("likely")) {
                r[1] = mistake;
                return this;
            }
        }
        return row("likely", mistake);
    }

    /** The book section to read. */
    public Failure read(BookSection section) {
        return row("read", section.toString());
    }

    /** Any other labelled line; the label is a key of this package's words ({@code row.LABEL}), or shown as it is. */
    public Failure row(String label, String text) {
        if (text != null && !text.isBlank()) rows.add(new String[] {label, text});
        return this;
    }

    /** Expected and actual values for IDEs that show a diff. */
    public Failure values(Object expected, Object actual) {
        this.expected = expected;
        this.actual = actual;
        this.hasValues = true;
        return this;
    }

    /** The message, as the learner reads it, its labels in this JVM's language. */
    public String message() {
        var sb = new StringBuilder(Text.clean(headline));
        String colon = WORDS.say("row.colon"); // French puts a space before it
        int width = 1 + LABELS.stream().mapToInt(l -> label(l).length() + colon.length()).max().orElse(0); // the rows' text starts in one column
        for (String[] r : rows) {
            String head = label(r[0]) + colon;
            String pad = " ".repeat(Math.max(1, Math.max(11, width) - head.length()));
            String indent = "\n" + " ".repeat(2 + head.length() + pad.length());
            sb.append("\n  ").append(head).append(pad).append(Text.clean(r[1]).replace("\n", indent));
        }
        return sb.toString();
    }

    /** The labels every failure may have, which set the column its rows' text starts in. */
    private static final List<String> LABELS = List.of("called", "sent", "expected", "got", "at", "likely", "read");

    private static String label(String key) {
        return WORDS.find("row." + key).orElse(key);
    }

    private static final Words WORDS = Words.of(Failure.class);

    /** The failure as an assertion error, ready to throw. */
    public AssertionFailedError error() {
        return hasValues
                ? new AssertionFailedError(message(), Text.clean(String.valueOf(expected)), Text.clean(String.valueOf(actual)))
                : new AssertionFailedError(message());
    }

    /** Shows a list of lines numbered, for expected/got traces. */
    public static String numbered(List<String> lines, int limit) {
        if (lines.isEmpty()) return WORDS.say("nothing");
        var sb = new StringBuilder();
        int n = Math.min(lines.size(), limit);
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append('\n');
            sb.append(String.format("%2d  %s", i + 1, lines.get(i)));
        }
        if (lines.size() > n) sb.append("\n    ").append(moreLines(lines.size() - n));
        return sb.toString();
    }

    /** "... 3 more lines" (one: "... 1 more line") in the learner's language. */
    static String moreLines(int count) {
        return WORDS.say(count == 1 ? "lines.more.one" : "lines.more", count);
    }

    /** Quotes a string for a message, showing control characters. */
    public static String quote(String s) {
        return "\"" + Text.oneLine(s.replace("\\", "\\\\")) + "\"";
    }
}
