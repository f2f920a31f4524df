package lab.tools;

import static lab.tools.Core.OUT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import lab.tools.Verdicts.Verdict;
import lab.verify.Lang;
import org.junit.platform.launcher.TestExecutionListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./lab} (or {@code ./lab status}) command: each step's state, from remembered verdicts where its code has not changed. */
@Command(name = "status", mixinStandardHelpOptions = true)
final class StatusCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    Lab lab;

    @Override
    public Integer call() {
        return show(lab.layout(), lab.lang());
    }

    /** A step and its state now. */
    record Row(Layout.Step step, Verdict verdict, boolean checked) {}

    /** Every step's state: untouched steps are not started, a remembered verdict is used as is, the rest are checked. */
    static List<Row> rows(Layout layout) {
        var skeletons = new Skeletons(layout.book());
        var verdicts = new Verdicts(layout);
        List<Row> rows = new ArrayList<>();
        for (Layout.Step step : layout.steps()) {
            if (Core.untouched(step, skeletons)) {
                rows.add(new Row(step, new Verdict(Core.State.NOT_STARTED, 0, 0), false));
                continue;
            }
            if (!Files.isDirectory(step.skeleton().resolve("src/main/java"))) {
                rows.add(new Row(step, new Verdict(Core.State.MISSING, 0, 0), false));
                continue;
            }
            var known = verdicts.recall(step);
            if (known.isPresent()) {
                rows.add(new Row(step, known.get(), false));
                continue;
            }
            var outcome = Core.check(step, new TestExecutionListener() {});
            verdicts.remember(step, outcome);
            rows.add(new Row(step, Verdict.of(outcome), true));
        }
        return rows;
    }

    /** The step to work on: the first that does not pass, or the last when all do. */
    static Layout.Step current(List<Row> rows) {
        return rows.stream().filter(r -> r.verdict().state() != Core.State.PASSING).map(Row::step).findFirst()
                .orElse(rows.getLast().step());
    }

    int show(Layout layout, Lang lang) {
        List<Row> rows = rows(layout);
        OUT.println(Core.WORDS.say("status.title"));
        OUT.println();
        OUT.printf("  %-24s %s%n", Core.WORDS.say("status.step"), Core.WORDS.say("status.state"));
        for (Row r : rows) {
            OUT.printf("  %-24s %s%n", "%02d %s".formatted(r.step().number(), r.step().shortName()), r.verdict().describe());
        }
        OUT.println();
        List<String> checked = rows.stream().filter(Row::checked).map(r -> "%02d".formatted(r.step().number())).toList();
        OUT.println("  " + Core.WORDS.say("status.checked", checked.isEmpty() ? Core.WORDS.say("status.checked.nothing")
                : Core.WORDS.say("status.checked.again", String.join(", ", checked))));
        Path book = layout.renderedBook(lang);
        OUT.println("  " + (Files.exists(book) ? Core.WORDS.say("status.book", layout.root().relativize(book))
                : Core.WORDS.say("status.book.missing")));
        boolean allPass = rows.stream().allMatch(r -> r.verdict().state() == Core.State.PASSING);
        if (allPass) {
            OUT.println("  " + Core.WORDS.say("status.done"));
        } else {
            Layout.Step next = current(rows);
            OUT.println("  " + Core.WORDS.say("status.next", next.folder(), next.number()));
        }
        return 0;
    }
}
