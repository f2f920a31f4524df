package lab.tools.grade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import lab.tools.grade.Results.Step;
import lab.tools.grade.Results.Submission;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of a small class, read back with jsoup as a browser would: its grid, chart, lists, texts and escaping. */
@DisplayName("The class report")
class ReportTest {

    static final String TITLE = "Build a network server out of generators: class report";
    static final String S1 = "Step 01 (task queue)", S2 = "Step 02 (waiting tasks)", S3 = "Step 03 (echo server)";

    /** What a hostile learner puts in every text the report shows. */
    static final String HOSTILE = "<script>alert(1)</script></pre><img src=x onerror=alert(1)>\"'& \u001b[31mred\u001b[0m";

    static final String WAKES = "Step 02 › wakes a reader when its channel is ready";
    static final String WAKES_MESSAGE = """
            called:   run() with a reader waiting on a pipe
            expected: the reader resumed once, with "hi"
            got:      the reader never resumed (run() returned after 2 s)
            likely:   recvWait does not move the task back to the ready queue
            read:     book section 2.3, "Waking a task\"""";
    static final String ECHO = "Step 03 › echoes to two clients without blocking either";
    static final String ECHO_MESSAGE = """
            called:   two clients, A sends "ping", B sends "pong"
            expected: GOT:ping to A, GOT:pong to B
            got:      nothing came back to B within 2 s
            likely:   the server blocks in accept() while A is connected""";
    static final String ORDER = "Step 02 › runs tasks in the order they were spawned";
    static final String COMPILE = "does not compile: Scheduler.java:12: error: ';' expected\n        tasks.add(task)\n                       ^";

    static final Submission ADA = learner("Ada Lovelace", List.of(step(1, S1, 3, 3), step(2, S2, 4, 4), step(3, S3, 2, 2)));
    static final Submission BRIAN = learner("Brian Kernighan", List.of(step(1, S1, 3, 3), step(2, S2, 2, 4), step(3, S3, 1, 2)),
            failed(2, WAKES, WAKES_MESSAGE, null), failed(2, ORDER, "expected: A B C\ngot:      A C B", "ran A\nran C\nran B"),
            failed(3, ECHO, ECHO_MESSAGE, null));
    static final Submission CHEN = learner("Chen Wei", List.of(step(1, S1, 3, 3), Step.error(2, S2, COMPILE),
            Step.error(3, S3, "timed out after 10 s")));
    static final String HOSTILE_NAME = "Mallory " + HOSTILE;
    static final Submission MALLORY = learner(HOSTILE_NAME, List.of(step(1, S1, 2, 3), step(2, S2, 3, 4),
                    new Step(3, S3, Results.ERROR, 0, 0, "refused: " + HOSTILE)),
            failed(1, "Step 01 › " + HOSTILE, "got: " + HOSTILE + "\n  aligned", "out: " + HOSTILE),
            failed(2, WAKES, WAKES_MESSAGE + "\n" + HOSTILE, HOSTILE));
    static final List<Submission> CLASS = List.of(ADA, BRIAN, CHEN, MALLORY);

    static final Document PAGE = Jsoup.parse(Report.render(CLASS, TITLE));

    static Step step(int n, String title, int passed, int total) {
        return new Step(n, title, passed == total ? Results.PASS : Results.FAIL, passed, total, null);
    }

    static Results.Test failed(int step, String name, String message, String output) {
        return new Results.Test(name, Results.FAIL, message, output, step);
    }

    static Submission learner(String name, List<Step> steps, Results.Test... failures) {
        // the passing checks are listed too, as the runner lists them
        List<Results.Test> tests = new ArrayList<>(List.of(failures));
        for (var s : steps) for (int i = 0; i < s.passed(); i++)
            tests.add(new Results.Test("Step %02d › check %d".formatted(s.step(), i), Results.PASS, null, null, s.step()));
        return Submission.of(name, "ab".repeat(32), steps, tests);
    }

    /** A learner's row in the grid. */
    static Element row(int learner) {
        return PAGE.select("table.grid tbody tr").get(learner);
    }

    /** A learner's details, found from the grid's link as a reader would. */
    static Element details(int learner) {
        String href = row(learner).selectFirst("th.name a").attr("href");
        return PAGE.getElementById(href.substring(1));
    }

    /** The texts of the failure messages, as the page shows them. */
    static List<String> pres(Element scope, String kind) {
        return scope.select("pre." + kind).stream().map(Element::wholeText).toList();
    }

    /** A text as the page shows it: control characters as the checker shows them everywhere ({@link lab.verify.Text#clean}). */
    static String shown(String text) {
        return lab.verify.Text.clean(text);
    }

    @Nested
    @DisplayName("shows the class at a glance")
    class Grid {

        @Test
        @DisplayName("with one row per learner, in the given order, and one column per step")
        void rowsAndColumns() {
            assertThat(PAGE.select("table.grid tbody tr")).hasSize(4);
            assertThat(PAGE.select("table.grid tbody th.name").eachAttr("title"))
                    .containsExactly("Ada Lovelace", "Brian Kernighan", "Chen Wei", shown(HOSTILE_NAME));
            assertThat(PAGE.select("table.grid thead th.step").eachText()).containsExactly(S1, S2, S3);
            assertThat(PAGE.select("table.grid tbody tr")).allSatisfy(r -> assertThat(r.select("td.cell")).hasSize(3));
        }

        @Test
        @DisplayName("each cell classed by result, with a symbol and the counts")
        void cells() {
            assertThat(row(0).select("td.cell").eachText()).containsExactly("✓ 3/3", "✓ 4/4", "✓ 2/2");
            assertThat(row(1).select("td.cell").eachText()).containsExactly("✓ 3/3", "✗ 2/4", "✗ 1/2");
            assertThat(row(2).select("td.cell").eachText()).containsExactly("✓ 3/3", "! error", "! error");
            assertThat(row(1).select("td.cell").eachAttr("class")).containsExactly("cell pass", "cell fail", "cell fail");
            assertThat(row(2).select("td.cell").eachAttr("class")).containsExactly("cell pass", "cell error", "cell error");
            assertThat(row(2).select("td.cell").get(1).attr("title")).isEqualTo(S2 + ": error: " + COMPILE);
        }

        @Test
        @DisplayName("and a total per learner: steps passed and checks passed")
        void totals() {
            assertThat(PAGE.select("table.grid tbody td.total").eachText()).containsExactly(
                    "3/3 steps 9/9 checks", "1/3 steps 6/9 checks", "1/3 steps 3/3 checks", "0/3 steps 5/7 checks");
        }

        @Test
        @DisplayName("with a link to each learner's details, only where there are any")
        void links() {
            assertThat(row(0).select("a")).isEmpty();
            assertThat(details(1).selectFirst(".learner-name").text()).isEqualTo("Brian Kernighan");
            assertThat(details(3).selectFirst(".learner-name").text()).isEqualTo(shown(HOSTILE_NAME));
        }
    }

    @Test
    @DisplayName("charts the pass rate of each step as one labelled bar")
    void passRates() {
        var bars = PAGE.select("svg.rates g.rate");
        assertThat(bars).hasSize(3);
        assertThat(bars).allSatisfy(g -> assertThat(g.select("rect.bar")).hasSize(1));
        assertThat(bars.eachAttr("data-step")).containsExactly("1", "2", "3");
        assertThat(bars.select("text.percent").eachText()).containsExactly("75%", "25%", "25%");
        assertThat(bars.select("text.label").eachText()).containsExactly(
                S1 + " · 3 of 4 learners", S2 + " · 1 of 4 learners", S3 + " · 1 of 4 learners");
        assertThat(bars.select("rect.bar").eachAttr("width")).containsExactly("64.5%", "21.5%", "21.5%");
    }

    @Test
    @DisplayName("lists the checks most often failed, most first, with how many learners failed each")
    void mostFailed() {
        var rows = PAGE.select("table.most-failed tbody tr");
        assertThat(rows.eachText().getFirst()).isEqualTo("2 of 4 02 " + WAKES);
        assertThat(rows.select("td.check").eachText()).containsExactlyInAnyOrder(
                WAKES, ORDER, ECHO, shown("Step 01 › " + HOSTILE));
        List<Integer> counts = rows.select("td.count").eachText().stream().map(t -> Integer.parseInt(t.split(" ")[0])).toList();
        assertThat(counts).isSortedAccordingTo((a, b) -> b - a).containsExactly(2, 1, 1, 1);
    }

    @Test
    @DisplayName("lists at most 15 checks")
    void mostFailedTop15() {
        List<Step> steps = List.of(step(1, S1, 0, 20));
        Results.Test[] failures = IntStream.range(0, 20)
                .mapToObj(i -> failed(1, "check %02d".formatted(i), "no", null)).toArray(Results.Test[]::new);
        var page = Jsoup.parse(Report.render(List.of(learner("A", steps, failures)), TITLE));
        assertThat(page.select("table.most-failed tbody tr")).hasSize(Report.MOST_FAILED);
    }

    @Nested
    @DisplayName("shows under each learner")
    class Details {

        @Test
        @DisplayName("every failure's message verbatim, lines and alignment kept, with its output")
        void messages() {
            assertThat(pres(details(1), "message")).containsExactly(WAKES_MESSAGE, "expected: A B C\ngot:      A C B", ECHO_MESSAGE);
            assertThat(pres(details(1), "output")).containsExactly("ran A\nran C\nran B");
            assertThat(details(1).select(".failure h5").eachText()).containsExactly(WAKES, ORDER, ECHO);
            assertThat(pres(details(3), "message")).containsExactly(
                    shown("got: " + HOSTILE + "\n  aligned"), shown(WAKES_MESSAGE + "\n" + HOSTILE));
            assertThat(pres(details(3), "output")).containsExactly(shown("out: " + HOSTILE), shown(HOSTILE));
        }

        @Test
        @DisplayName("the reason a step errored")
        void reasons() {
            assertThat(pres(details(2), "reason")).containsExactly(COMPILE, "timed out after 10 s");
            assertThat(pres(details(3), "reason")).containsExactly(shown("refused: " + HOSTILE));
            assertThat(details(2).select(".step h4").eachText()).containsExactly(S2 + " ! error", S3 + " ! error");
        }

        @Test
        @DisplayName("a text that starts with a line feed, with it")
        void leadingLineFeed() {
            var page = Jsoup.parse(Report.render(List.of(learner("A", List.of(step(1, S1, 0, 1)),
                    failed(1, "x", "\n\nafter two blank lines", null))), TITLE));
            assertThat(pres(page, "message")).containsExactly("\n\nafter two blank lines");
        }

        @Test
        @DisplayName("the names of the learners who passed everything, once")
        void passedAll() {
            assertThat(PAGE.select(".passed-all").text()).isEqualTo("Passed everything: Ada Lovelace.");
            assertThat(PAGE.select("section.learner")).hasSize(3);
        }

        @Test
        @DisplayName("why nothing could be graded, for an unreadable submission")
        void unreadable() {
            var page = Jsoup.parse(Report.render(List.of(Submission.unreadable("Zed", "", List.of(1, 2), "not a zip file")), TITLE));
            assertThat(page.select("table.grid thead th.step").eachText()).containsExactly("Step 01", "Step 02");
            assertThat(pres(page, "reason")).containsExactly("not a zip file", "not a zip file");
            assertThat(page.select(".summary").text()).contains("1 could not be graded at all");
        }
    }

    @Nested
    @DisplayName("is safe to open")
    class Safety {

        /** The attributes that make a browser fetch something. */
        static final Set<String> FETCHING = Set.of("src", "srcset", "poster", "data", "action", "formaction", "background", "ping");

        @Test
        @DisplayName("escaping markup and showing control characters, in one function")
        void escape() {
            assertThat(Report.escape("<a href=\"x\">'&'</a>")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
            assertThat(Report.escape("\u001b[31m\u0000\r\n\tx\u007f\u0085é✓")).isEqualTo("\\e[31m\\x00\\x0d\n\tx\\x7f\\x85é✓");
            assertThat(Report.escape("a\ud800b \ud83d\ude00 \ud836\udc00")).isEqualTo("a\\ud800b \ud83d\ude00 \ud836\udc00");
            assertThat(Report.escape("\u202etxt.exe")).isEqualTo("\\u202etxt.exe");
            assertThat(Report.escape(null)).isEmpty();
        }

        @Test
        @DisplayName("with no script, no event handler and nothing the hostile learner wrote as markup")
        void noActiveContent() {
            assertThat(PAGE.select("script, img, iframe, object, embed, link, base, meta[http-equiv]")).isEmpty();
            assertThat(PAGE.getAllElements()).allSatisfy(e -> assertThat(e.attributes().asList())
                    .extracting(Attribute::getKey).noneMatch(k -> k.toLowerCase().startsWith("on")));
            assertThat(Report.render(CLASS, TITLE)).doesNotContain("<script", "<img", "\u001b");
        }

        @Test
        @DisplayName("with nothing fetched from anywhere")
        void selfContained() {
            String html = Report.render(CLASS, TITLE);
            var attributes = PAGE.getAllElements().stream().flatMap(e -> e.attributes().asList().stream()).toList();
            assertThat(attributes).extracting(Attribute::getKey).doesNotContainAnyElementsOf(FETCHING);
            assertThat(attributes).filteredOn(a -> a.getKey().endsWith("href")).isNotEmpty()
                    .allSatisfy(a -> assertThat(a.getValue()).startsWith("#"));
            assertThat(html.toLowerCase()).doesNotContain("http:", "https:", "file:", "url(", "@import", "//");
        }

        @Test
        @DisplayName("with the title escaped too")
        void title() {
            var page = Jsoup.parse(Report.render(CLASS, "<b>" + HOSTILE));
            assertThat(page.title()).isEqualTo(shown("<b>" + HOSTILE));
            assertThat(page.selectFirst("h1").text()).isEqualTo(shown("<b>" + HOSTILE));
            assertThat(page.selectFirst("h1").children()).isEmpty();
            assertThat(page.select("script")).isEmpty();
        }
    }

    @Test
    @DisplayName("is the same bytes for the same class, read back from its results files too, and write writes them")
    void deterministic(@TempDir Path dir) throws Exception {
        String once = Report.render(CLASS, TITLE);
        assertThat(Report.render(List.copyOf(new ArrayList<>(CLASS)), TITLE)).isEqualTo(once);
        List<Submission> reread = new ArrayList<>();
        for (var s : CLASS) {
            Results.write(s, dir.resolve("results").resolve(reread.size() + ".json"));
            reread.add(Results.read(dir.resolve("results").resolve(reread.size() + ".json")));
        }
        assertThat(Report.render(reread, TITLE)).isEqualTo(once);
        Report.write(CLASS, TITLE, dir.resolve("out/report.html"));
        assertThat(Files.readString(dir.resolve("out/report.html"), StandardCharsets.UTF_8)).isEqualTo(once);
        // a lone surrogate (JSON can carry one) must not stop the whole class's report from being written
        Report.write(List.of(learner("lone \ud800", List.of(step(1, S1, 1, 1)))), TITLE, dir.resolve("lone.html"));
        assertThat(Files.readString(dir.resolve("lone.html"), StandardCharsets.UTF_8)).contains("lone \\ud800");
    }

    @Test
    @DisplayName("is made for print and phones: each learner's details start a page, the viewport is the device's")
    void print() {
        String css = PAGE.selectFirst("style").data();
        assertThat(css).contains("@media print").containsPattern("section\\.learner\\{break-before:page");
        assertThat(PAGE.select("meta[name=viewport]")).hasSize(1);
    }
}
