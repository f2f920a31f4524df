package lab.tools.grade;

import java.io.PrintStream;
import java.time.Duration;
import lab.verify.Text;
import lab.verify.Words;

/**
 * How far grading is: on a terminal, one line redrawn in place (a bar, submissions done of all, failing so far,
 * elapsed, an estimate of what is left); elsewhere (a CI log, a file), a plain line per submission done.
 */
final class Progress {

    private static final int WIDTH = 24;

    /** The grader's words in the instructor's language ({@code lab/tools/grade/messages*.properties}). */
    private static final Words WORDS = Words.of(Progress.class);

    private final PrintStream out;
    private final int total;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private int done, failing;

    Progress(PrintStream out, int total) {
        this.out = out;
        this.total = total;
        var console = System.console();
        this.terminal = console != null && console.isTerminal();
    }

    /** One more submission graded. */
    synchronized void done(String learner, Results.Submission r) {
        done++;
        if (!r.status().equals(Results.PASS)) failing++;
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (terminal) {
            int filled = total == 0 ? WIDTH : WIDTH * done / total;
            Duration left = done == 0 ? Duration.ZERO : elapsed.multipliedBy(total - done).dividedBy(done);
            out.print("\r  [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                    + WORDS.say("progress.bar", done, total, failing, clock(elapsed), clock(left)) + "   ");
        } else {
            long passed = r.lab().steps().stream().filter(s -> s.status().equals(Results.PASS)).count();
            out.println("  " + WORDS.say("progress.line", done, total, Text.oneLine(learner), Report.word(r.status()),
                    passed, r.lab().steps().size(), clock(elapsed)));
        }
        out.flush();
    }

    /** Ends the progress line. */
    synchronized void finish() {
        if (terminal) out.println();
    }

    /** A duration as 1m05s or 12s. */
    static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? "%dm%02ds".formatted(s / 60, s % 60) : s + "s";
    }
}
