package lab.tools.grade;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import lab.verify.Lang;
import lab.verify.Text;
import lab.verify.Words;

/**
 * {@code report.html}: a graded class in one self-contained page (no script, nothing fetched) with the class at a
 * glance, the pass rate per step, the checks most often failed and each learner's failures in full.
 *
 * <p>Every text that comes from a submission (names, messages, outputs, reasons) goes through {@link #escape}, the
 * one place this page turns text into HTML; the rest is this class's own markup. Same input, same bytes.
 */
public final class Report {

    /** The page's background: ReportBrowserTest finds it at the right edge of a screenshot when nothing overflows. */
    static final String PAGE_COLOUR = "#f4f5f7";

    /**
     * A cell's colour by result: blue and orange (Okabe and Ito's palette, told apart with any colour vision) and
     * mauve; each cell also carries a symbol and its counts, so colour is never the only sign (nor needed in print).
     */
    static final String PASS_COLOUR = "#cfe3f6", FAIL_COLOUR = "#fbd7a1", ERROR_COLOUR = "#e8cfe6", TOTAL_COLOUR = "#e3e8ef";

    /** How many of the checks most often failed the report lists. */
    static final int MOST_FAILED = 15;

    /** The grader's words in the instructor's language ({@code lab/tools/grade/messages*.properties}). */
    private static final Words WORDS = Words.of(Report.class);

    private Report() {}

    /** Writes the report of these graded submissions (learners in the given order) to {@code file}; {@code title} heads it. */
    public static void write(List<Results.Submission> submissions, String title, Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, render(submissions, title), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(WORDS.say("io.writing", file), e);
        }
    }

    /** The report as a string (what write writes). */
    public static String render(List<Results.Submission> submissions, String title) {
        List<Learner> learners = IntStream.range(0, submissions.size())
                .mapToObj(i -> Learner.of(i + 1, submissions.get(i))).toList();
        Map<Integer, String> steps = stepTitles(learners);
        var html = new StringBuilder();
        html.append("""
                <!DOCTYPE html>
                <html lang="%s">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title>
                <style>%s</style>
                </head>
                <body>
                """.formatted(Lang.current().code(), escape(title), STYLE));
        header(html, title, learners, steps);
        html.append("<main>\n");
        grid(html, learners, steps);
        passRates(html, learners, steps);
        mostFailed(html, learners);
        details(html, learners, steps);
        return html.append("</main>\n</body>\n</html>\n").toString();
    }

    /**
     * Text as HTML, safe in an element and in a double-quoted attribute: control characters shown as escapes by the
     * checker's one rule for learner text ({@link Text#clean}), then markup characters as entities.
     */
    static String escape(String text) {
        if (text == null) return "";
        var out = new StringBuilder(text.length() + 16);
        Text.clean(text).chars().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append((char) c);
            }
        });
        return out.toString();
    }

    /** A submission as the report sees it: its place in the class (its anchor), its name and its steps by number. */
    private record Learner(int index, String name, Results.Submission submission, Map<Integer, Results.Step> steps,
                           List<Results.Test> tests) {

        static Learner of(int index, Results.Submission s) {
            // results from another runner may lack the lab's part: the report still shows what there is
            var lab = s.lab();
            String name = lab == null || lab.learner() == null ? WORDS.say("report.submission", index) : lab.learner();
            List<Results.Step> steps = lab == null || lab.steps() == null ? List.of() : lab.steps();
            return new Learner(index, name, s, steps.stream().collect(Collectors.toMap(Results.Step::step,
                    Function.identity(), (a, b) -> a, TreeMap::new)), s.tests() == null ? List.of() : s.tests());
        }

        String anchor() {
            return "learner-" + index;
        }

        long stepsPassed() {
            return steps.values().stream().filter(s -> Results.PASS.equals(s.status())).count();
        }

        /** The checks that did not pass, in the runner's order. */
        List<Results.Test> failures() {
            return tests.stream().filter(t -> !Results.PASS.equals(t.status())).toList();
        }

        /** Whether there is anything to show beyond the grid: a step or a check that did not pass, or a message. */
        boolean hasDetails() {
            return stepsPassed() < steps.size() || !failures().isEmpty() || submission.message() != null;
        }
    }

    /** Every step graded in the class, by number, with its title (an unreadable submission's steps have none). */
    private static Map<Integer, String> stepTitles(List<Learner> learners) {
        Map<Integer, String> titles = new TreeMap<>();
        for (var l : learners) for (var s : l.steps().values()) {
            if (s.title() != null && !s.title().isBlank()) titles.putIfAbsent(s.step(), s.title());
            titles.putIfAbsent(s.step(), WORDS.say("report.step", "%02d".formatted(s.step())));
        }
        return titles;
    }

    private static void header(StringBuilder html, String title, List<Learner> learners, Map<Integer, String> steps) {
        long allPassed = learners.stream().filter(l -> !l.steps().isEmpty() && l.stepsPassed() == l.steps().size()).count();
        long ungraded = learners.stream().filter(l -> Results.ERROR.equals(l.submission().status())).count();
        html.append("<header>\n<h1>%s</h1>\n<p class=\"summary\">%s</p>\n"
                .formatted(escape(title), WORDS.say("report.summary", learners.size(), steps.size(), allPassed,
                        ungraded == 0 ? "" : " " + WORDS.say("report.ungraded", ungraded))));
        html.append("<p class=\"legend\">%s %s %s</p>\n</header>\n".formatted(chip(Results.PASS, WORDS.say("report.legend.pass")),
                chip(Results.FAIL, WORDS.say("report.legend.fail")), chip(Results.ERROR, WORDS.say("report.legend.error"))));
    }

    /** The class at a glance: a row per learner, a column per step, and the learner's totals. */
    private static void grid(StringBuilder html, List<Learner> learners, Map<Integer, String> steps) {
        html.append("<section id=\"grid\" class=\"card\">\n<h2>%s</h2>\n<div class=\"scroll\">\n".formatted(WORDS.say("report.grid")))
                .append("<table class=\"grid\">\n<thead><tr><th scope=\"col\" class=\"name\">%s</th>".formatted(WORDS.say("report.learner")));
        steps.values().forEach(t -> html.append("<th scope=\"col\" class=\"step\">%s</th>".formatted(escape(t))));
        html.append("<th scope=\"col\" class=\"total\">%s</th></tr></thead>\n<tbody>\n".formatted(WORDS.say("report.total")));
        for (var l : learners) {
            String name = l.hasDetails() ? "<a href=\"#%s\">%s</a>".formatted(l.anchor(), escape(l.name())) : escape(l.name());
            html.append("<tr><th scope=\"row\" class=\"name\" title=\"%s\">%s</th>".formatted(escape(l.name()), name));
            steps.forEach((n, title) -> {
                var s = l.steps().get(n);
                String tip = s == null ? WORDS.say("report.notGraded") : s.reason() == null ? word(s.status()) : word(s.status()) + ": " + s.reason();
                html.append("<td class=\"cell %s\" title=\"%s\">%s</td>".formatted(s == null ? "none" : kind(s.status()),
                        escape(title + ": " + tip), s == null ? "–" : result(s)));
            });
            int checks = l.steps().values().stream().mapToInt(Results.Step::passed).sum();
            int total = l.steps().values().stream().mapToInt(Results.Step::total).sum();
            html.append("<td class=\"total\"><b>%d/%d</b> %s <small>%d/%d %s</small></td></tr>\n"
                    .formatted(l.stepsPassed(), l.steps().size(), WORDS.say("report.steps"), checks, total, WORDS.say("report.checks")));
        }
        html.append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    /** One horizontal bar per step: its title and learners passing above, the bar, the percentage at its end. */
    private static void passRates(StringBuilder html, List<Learner> learners, Map<Integer, String> steps) {
        int row = 50;
        html.append("<section id=\"rates\" class=\"card\">\n<h2>%s</h2>\n".formatted(WORDS.say("report.rates")))
                .append("<svg class=\"rates\" width=\"100%%\" height=\"%d\" role=\"img\" aria-label=\"%s\">\n"
                        .formatted(steps.size() * row, escape(WORDS.say("report.rates.label"))));
        int y = 0;
        for (var step : steps.entrySet()) {
            long graded = learners.stream().filter(l -> l.steps().containsKey(step.getKey())).count();
            long passed = learners.stream().filter(l -> l.steps().containsKey(step.getKey())
                    && Results.PASS.equals(l.steps().get(step.getKey()).status())).count();
            long percent = graded == 0 ? 0 : Math.round(100.0 * passed / graded);
            // the track spans 86% of the width so that "100%" still fits after a full bar on a phone
            String end = String.format(Locale.ROOT, "%.1f%%", percent * 0.86);
            html.append("""
                    <g class="rate" data-step="%d"><text class="label" x="0" y="%d">%s</text>\
                    <rect class="track" x="0" y="%d" width="86%%" height="18" rx="3"/>\
                    <rect class="bar" x="0" y="%d" width="%s" height="18" rx="3"/>\
                    <text class="percent" x="%s" dx="6" y="%d">%d%%</text></g>
                    """.formatted(step.getKey(), y + 14, escape(WORDS.say("report.rate", step.getValue(), passed, graded)),
                    y + 21, y + 21, end, end, y + 35, percent));
            y += row;
        }
        html.append("</svg>\n</section>\n");
    }

    /** The checks most often failed across the class, by how many learners failed each, most first. */
    private static void mostFailed(StringBuilder html, List<Learner> learners) {
        Map<String, Integer> learnersFailing = new TreeMap<>();
        Map<String, Integer> stepOf = new TreeMap<>();
        for (var l : learners) {
            // a learner counts once per check, however often the runner lists it
            Set<String> names = new LinkedHashSet<>();
            for (var t : l.failures()) {
                names.add(Objects.toString(t.name(), ""));
                if (t.taskId() != null) stepOf.putIfAbsent(Objects.toString(t.name(), ""), t.taskId());
            }
            names.forEach(n -> learnersFailing.merge(n, 1, Integer::sum));
        }
        html.append("<section id=\"most-failed\" class=\"card\">\n<h2>%s</h2>\n".formatted(WORDS.say("report.mostFailed")));
        if (learnersFailing.isEmpty()) {
            html.append("<p>%s</p>\n</section>\n".formatted(WORDS.say("report.noneFailed")));
            return;
        }
        html.append("<table class=\"most-failed\">\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                        .formatted(WORDS.say("report.col.learners"), WORDS.say("report.col.step")))
                .append("<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n".formatted(WORDS.say("report.col.check")));
        learnersFailing.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()) // stable: ties stay in name order
                .limit(MOST_FAILED)
                .forEach(e -> html.append("<tr><td class=\"count\">%s</td><td class=\"step\">%s</td><td class=\"check\">%s</td></tr>\n"
                        .formatted(WORDS.say("report.count", e.getValue(), learners.size()),
                                stepOf.containsKey(e.getKey()) ? "%02d".formatted(stepOf.get(e.getKey())) : "",
                                escape(e.getKey()))));
        html.append("</tbody>\n</table>\n</section>\n");
    }

    /** Per learner with anything to show, each step that did not pass: why, and every failed check in full. */
    private static void details(StringBuilder html, List<Learner> learners, Map<Integer, String> steps) {
        html.append("<section id=\"details\" class=\"card\">\n<h2>%s</h2>\n".formatted(WORDS.say("report.details")));
        String passedAll = learners.stream().filter(l -> !l.hasDetails()).map(l -> escape(l.name()))
                .collect(Collectors.joining(", "));
        if (!passedAll.isEmpty()) html.append("<p class=\"passed-all\">%s</p>\n".formatted(WORDS.say("report.passedAll", passedAll)));
        for (var l : learners.stream().filter(Learner::hasDetails).toList()) {
            html.append("<section class=\"learner\" id=\"%s\">\n<h3><span class=\"learner-name\">%s</span> %s</h3>\n"
                    .formatted(l.anchor(), escape(l.name()), chip(l.submission().status(),
                            WORDS.say("report.stepsPassed", l.stepsPassed(), l.steps().size()))));
            var lab = l.submission().lab();
            String hash = lab == null || lab.sourceHash() == null || lab.sourceHash().isEmpty() ? ""
                    : "%s <code>%s</code>".formatted(WORDS.say("report.sources"), escape(lab.sourceHash()));
            html.append("<p class=\"meta\">%s<a class=\"top\" href=\"#grid\">%s</a></p>\n".formatted(hash, WORDS.say("report.back")));
            // Results.of joins the steps' reasons into the message: shown per step below, so only shown here otherwise
            if (l.submission().message() != null && l.steps().values().stream().allMatch(s -> s.reason() == null))
                html.append(pre("message", l.submission().message()));
            for (var s : l.steps().values()) {
                var failed = l.failures().stream().filter(t -> Objects.equals(t.taskId(), s.step())).toList();
                if (!Results.PASS.equals(s.status()) || !failed.isEmpty())
                    step(html, steps.get(s.step()), chip(s.status(), counts(s)), s.reason(), failed);
            }
            var other = l.failures().stream().filter(t -> t.taskId() == null || !l.steps().containsKey(t.taskId())).toList();
            if (!other.isEmpty()) step(html, WORDS.say("report.other"), "", null, other);
            html.append("</section>\n");
        }
        html.append("</section>\n");
    }

    private static void step(StringBuilder html, String title, String chip, String reason, List<Results.Test> failed) {
        html.append("<div class=\"step\">\n<h4>%s %s</h4>\n".formatted(escape(title), chip));
        if (reason != null) html.append(pre("reason", reason));
        for (var t : failed) {
            html.append("<div class=\"failure\">\n<h5>%s</h5>\n".formatted(escape(t.name())));
            html.append(t.message() == null ? "<p class=\"no-message\">%s</p>\n".formatted(WORDS.say("report.noMessage")) : pre("message", t.message()));
            if (t.output() != null && !t.output().isEmpty())
                html.append("<p class=\"output-label\">%s</p>\n".formatted(WORDS.say("report.output"))).append(pre("output", t.output()));
            html.append("</div>\n");
        }
        html.append("</div>\n");
    }

    /** A text as written, lines and alignment kept; the line feed after the tag keeps a leading one (HTML drops the first). */
    private static String pre(String kind, String text) {
        return "<pre class=\"%s\">\n%s</pre>\n".formatted(kind, escape(text));
    }

    /** A step's result as the grid shows it: {@code ✓ 9/9}, {@code ✗ 6/9}, {@code ! error}. */
    private static String result(Results.Step s) {
        return symbol(s.status()) + " " + counts(s);
    }

    private static String counts(Results.Step s) {
        return kind(s.status()).equals(Results.ERROR) ? WORDS.say("report.error") : s.passed() + "/" + s.total();
    }

    private static String chip(String status, String text) {
        return "<span class=\"chip %s\">%s %s</span>".formatted(kind(status), symbol(status), text);
    }

    /** A status in words, in the instructor's language, for a tooltip and the progress lines: pass, fail, error, or none for what is none of these. */
    static String word(String status) {
        return switch (kind(status)) {
            case Results.PASS -> WORDS.say("report.pass");
            case Results.FAIL -> WORDS.say("report.fail");
            case Results.ERROR -> WORDS.say("report.error");
            default -> WORDS.say("report.none");
        };
    }

    /** A status as a CSS class: one of the three the interface defines, never the raw text of a results file. */
    private static String kind(String status) {
        return Results.PASS.equals(status) || Results.FAIL.equals(status) || Results.ERROR.equals(status) ? status : "none";
    }

    private static String symbol(String status) {
        return switch (kind(status)) {
            case Results.PASS -> "✓";
            case Results.FAIL -> "✗";
            case Results.ERROR -> "!";
            default -> "–";
        };
    }

    private static final String STYLE = """

            :root{--page:%s;--pass:%s;--fail:%s;--error:%s;--total:%s}
            """.formatted(PAGE_COLOUR, PASS_COLOUR, FAIL_COLOUR, ERROR_COLOUR, TOTAL_COLOUR) + """
            *{box-sizing:border-box}
            html{color-scheme:light}
            body{margin:0;padding:28px 32px 48px;background:var(--page);color:#1c2430;
              font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans","DejaVu Sans",sans-serif}
            header,main{max-width:1160px;margin:0 auto}
            h1{font-size:1.6rem;line-height:1.25;margin:0 0 .3rem}
            h2{font-size:1.15rem;margin:0 0 .8rem}
            h3{font-size:1.3rem;margin:0 0 .3rem;overflow-wrap:anywhere}
            h4{font-size:1rem;margin:1.1rem 0 .4rem}
            h5{font-size:.92rem;font-weight:600;margin:.8rem 0 .3rem;overflow-wrap:anywhere}
            .summary{color:#4a5566;margin:0 0 .6rem}
            .legend{margin:0;display:flex;flex-wrap:wrap;gap:8px}
            .card{background:#fff;border:1px solid #dce1e8;border-radius:10px;padding:18px 22px;margin:18px 0}
            .scroll{overflow-x:auto}
            a{color:inherit;text-decoration-color:#9aa5b5;text-underline-offset:2px}
            .chip{display:inline-block;border-radius:999px;padding:1px 10px;font-size:.85rem;font-weight:600;white-space:nowrap;vertical-align:middle}
            .pass{background:var(--pass);color:#0b3a63}
            .fail{background:var(--fail);color:#5e3300}
            .error{background:var(--error);color:#55184f}
            .none{color:#8a94a3}
            table.grid{border-collapse:separate;border-spacing:4px}
            .grid th,.grid td{padding:5px 12px;border-radius:6px}
            .grid thead th{font-size:.8rem;font-weight:600;color:#4a5566;vertical-align:bottom;text-align:center;min-width:6rem;max-width:8.5rem}
            .grid th.name{text-align:left;max-width:15rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;
              position:sticky;left:0;background:#fff;font-weight:600}
            .grid td.cell{text-align:center;white-space:nowrap;font-weight:600;font-variant-numeric:tabular-nums}
            .grid td.total{background:var(--total);white-space:nowrap;font-variant-numeric:tabular-nums}
            .grid td.total b{font-size:1.05rem}
.grid td.total small{font-size:.8rem;font-weight:400;color:#4a5566}
.grid td.total small::before{content:"· "}
            svg.rates{display:block;max-width:900px}
            svg.rates text{font-size:13px;fill:#1c2430}
            svg.rates .percent{font-weight:700}
            svg.rates .track{fill:#eff1f5}
            svg.rates .bar{fill:#2a78b8}
            table.most-failed{border-collapse:collapse;width:100%}
            .most-failed th,.most-failed td{text-align:left;padding:6px 10px;border-bottom:1px solid #e6e9ee;vertical-align:top}
            .most-failed th{font-size:.8rem;color:#4a5566}
            .most-failed .count,.most-failed .step{width:1%;white-space:nowrap;font-variant-numeric:tabular-nums;padding-right:28px}
            .most-failed .check{overflow-wrap:anywhere}
            .passed-all{color:#4a5566}
            section.learner{border-top:2px solid #dce1e8;padding-top:14px;margin-top:18px}
            .meta{margin:0;color:#4a5566;font-size:.85rem}
.meta a{margin-left:1.5em}
            .meta code{overflow-wrap:anywhere}
            pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:.2rem 0 .6rem;padding:10px 12px;border-radius:6px;
              background:#f6f7f9;border:1px solid #e3e6eb;border-left:4px solid #e0a040;
              font:13px/1.45 ui-monospace,'DejaVu Sans Mono',"Liberation Mono",Menlo,Consolas,monospace;tab-size:8}
            pre.reason{border-left-color:#a05a9a}
            pre.output{border-left-color:#9aa5b5}
            .output-label,.no-message{margin:.3rem 0 .1rem;font-size:.8rem;color:#4a5566}
            @media (max-width:600px){
              body{padding:14px 12px 32px;font-size:14px}
              h1{font-size:1.3rem}
              .card{padding:12px;margin:12px 0}
              .grid th,.grid td{padding:6px 8px}
              .grid thead th{min-width:4.5rem}
              .grid th.name{max-width:8rem}
              .most-failed .count,.most-failed .step{padding-right:12px}
            }
            @media print{
              body{background:none;padding:0;font-size:10.5pt}
              header,main{max-width:none}
              .card{border:none;border-radius:0;padding:0;margin:0 0 14pt}
              .scroll{overflow:visible}
              .grid td.cell,.grid td.total{border:1px solid #8a94a3}
              .grid th.name{position:static;white-space:normal;overflow-wrap:break-word;min-width:8rem;max-width:12rem}
              .grid thead th{min-width:4rem}
              .grid td.total small{display:block}
              .grid td.total small::before{content:none}
              a{text-decoration:none}
              a.top{display:none}
              section.learner{break-before:page;border-top:none}
              .failure{break-inside:avoid}
              pre{border:1px solid #8a94a3}
            }
            """;
}
