package lab.verify;

import java.util.List;

/** Compares a whole recorded trace with the expected one and tells the first difference in learner language. */
public final class Traces {

    private static final Words WORDS = Words.of(Traces.class);

    private static final int CONTEXT = 4;

    private Traces() {}

    /**
     * Fails unless {@code got} equals {@code expected} line for line.
     *
     * @param headline what the check is about, e.g. "run() did not take turns"
     * @param called   what the verifier called
     * @param likely   the likely mistake when the traces differ
     */
    public static void requireEqual(String headline, String called, List<String> expected, List<String> got,
                                    String likely, BookSection section) {
        if (expected.equals(got)) return;
        int d = 0;
        while (d < expected.size() && d < got.size() && expected.get(d).equals(got.get(d))) d++;
        String difference;
        if (d >= expected.size()) {
            difference = WORDS.say("Traces.differs.extra", d + 1, Failure.quote(got.get(d)));
        } else if (d >= got.size()) {
            difference = WORDS.say("Traces.differs.missing", d + 1, Failure.quote(expected.get(d)));
        } else {
            difference = WORDS.say("Traces.differs.other", d + 1, Failure.quote(expected.get(d)), Failure.quote(got.get(d)));
        }
        throw Failure.of(headline)
                .called(called)
                .row("differs", difference)
                .expected(window(expected, d))
                .got(window(got, d))
                .likely(likely)
                .read(section)
                .values(String.join("\n", expected), String.join("\n", got))
                .error();
    }

    /** The lines around index {@code d}, numbered as in the whole trace. */
    static String window(List<String> lines, int d) {
        if (lines.isEmpty()) return WORDS.say("nothing");
        int from = Math.max(0, d - CONTEXT), to = Math.min(lines.size(), d + CONTEXT + 1);
        var sb = new StringBuilder();
        if (from > 0) sb.append("    ").append(WORDS.say("Traces.window.before", from)).append('\n');
        for (int i = from; i < to; i++) {
            sb.append(String.format("%2d%s %s", i + 1, i == d ? ">" : " ", lines.get(i)));
            if (i + 1 < to) sb.append('\n');
        }
        if (to < lines.size()) sb.append("\n    ").append(Failure.moreLines(lines.size() - to));
        return sb.toString();
    }
}
