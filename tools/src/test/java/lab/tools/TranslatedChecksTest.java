package lab.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import lab.tools.Checker.Report;
import lab.tools.Checker.Result;
import lab.verify.Lang;
import lab.verify.Words;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Failing runs read in German and in French as they do in English: the same checks fail, and each one's name, first
 * line, row labels and likely mistake are in the learner's language, its {@code read:} row a link into that
 * language's book; no placeholder is left unfilled. The runs: an untouched skeleton, and mutants whose checks fail
 * with the lab's kinds of message (a trace, a server's descriptors, a refused call, a sleeper woken late).
 */
@DisplayName("The checks' messages in German and French")
@EnabledIfSystemProperty(named = "lab.selftest", matches = "true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TranslatedChecksTest {

    /** A failing run, told by name, that can be repeated in any language. */
    record Run(String name, Callable<Report> report) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Run> runs() {
        return List.of(
                new Run("step 03's untouched skeleton", () -> skeleton(3)),
                new Run("step 02: a task woken before its data", () -> Mutant.of(2, "tr-wakes-early")
                        .replace("Scheduler.java", "case Wait.Recv(var channel) -> park(recvWait, channel, task);",
                                "case Wait.Recv(var channel) -> tasks.addLast(task);")
                        .check("Waiting")),
                new Run("step 03: a handler that keeps a reset client's socket", () -> Mutant.of(3, "tr-leak-on-reset")
                        .replace("EchoServer.java", "            try (client) {\n                var reply = ByteBuffer.allocate(GOT.length + 16 * 1024);",
                                "            try {\n                var reply = ByteBuffer.allocate(GOT.length + 16 * 1024);")
                        .check("Failures#freesResetClients")),
                new Run("step 06: select() without a timeout", () -> Mutant.of(6, "tr-select-no-timeout")
                        .replace("Scheduler.java", "if (millis > 0) selector.select(millis);\n            else selector.selectNow();", "selector.select();")
                        .check("Sleepers#wakeInDeadlineOrder")));
    }

    static Report skeleton(int number) throws Exception {
        Layout.Step step = SelfTest.LAYOUT.step(number);
        return SelfTest.checkSkeleton(step, new Skeletons(SelfTest.LAYOUT.book()), java.nio.file.Path.of("target/selftest/translated-skeleton-" + step.folder()));
    }

    /** Runs {@code work} with this JVM's language set to {@code lang}, as {@code ./lab --lang} sets it. */
    static <T> T in(Lang lang, Callable<T> work) throws Exception {
        String before = System.getProperty(Lang.PROPERTY);
        System.setProperty(Lang.PROPERTY, lang.code());
        try {
            return work.call();
        } finally {
            if (before == null) System.clearProperty(Lang.PROPERTY);
            else System.setProperty(Lang.PROPERTY, before);
        }
    }

    private static final Pattern ROW = Pattern.compile("^  (\\S[^:]*?)\u00a0?:\\s");
    private static final Pattern UNFILLED = Pattern.compile("\\{\\d+}");

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    @DisplayName("a failing run")
    void readsInEachLanguage(Run run) throws Exception {
        Report english = in(Lang.EN, run.report());
        assertThat(english.results()).as("checks of %s", run).isNotEmpty().anyMatch(r -> !r.passed());
        for (Lang lang : List.of(Lang.DE, Lang.FR)) {
            Report translated = in(lang, run.report());
            Set<String> labels = labels(lang);
            assertThat(translated.results()).as("checks of %s in %s", run, lang).hasSameSizeAs(english.results());
            for (int i = 0; i < english.results().size(); i++) {
                Result en = english.results().get(i), tr = translated.results().get(i);
                String what = "%s, in %s, the check \"%s\"".formatted(run, lang, en.names().getLast());
                assertThat(tr.passed()).as(what + " passed or failed alike").isEqualTo(en.passed());
                assertThat(tr.names().getLast()).as(what + ": its name").isNotEqualTo(en.names().getLast());
                if (en.passed()) continue;
                String m = tr.message();
                System.out.printf("[selftest] %s:%n%s%n", what, m.indent(14));
                assertThat(m).as(what).doesNotContainPattern(UNFILLED.pattern()).doesNotContain("MissingResource");
                assertThat(m.lines().findFirst()).as(what + ": its first line").isNotEqualTo(en.message().lines().findFirst());
                Map<String, String> rows = rows(m), englishRows = rows(en.message());
                assertThat(rows.keySet()).as(what + ": its row labels").isSubsetOf(labels);
                String likely = Words.of(lab.verify.Failure.class).say(lang, "row.likely");
                if (englishRows.containsKey("likely")) {
                    assertThat(rows.get(likely)).as(what + ": its likely mistake").isNotNull().isNotEqualTo(englishRows.get("likely"));
                }
                String read = Words.of(lab.verify.Failure.class).say(lang, "row.read");
                if (englishRows.containsKey("read")) {
                    assertThat(rows.get(read)).as(what + ": where to read").contains(lang.book() + "#");
                }
            }
        }
    }

    /** The row labels of a language ({@code row.*} of the harness's words). */
    static Set<String> labels(Lang lang) {
        var words = Words.of(lab.verify.Failure.class).bundle(lang);
        return words.keySet().stream().filter(k -> k.startsWith("row.") && !k.equals("row.colon")).map(words::getString).collect(Collectors.toSet());
    }

    /** A message's rows, label to the text on the label's line. */
    static Map<String, String> rows(String message) {
        Map<String, String> rows = new java.util.LinkedHashMap<>();
        for (String line : message.lines().toList()) {
            Matcher m = ROW.matcher(line);
            if (m.find()) rows.putIfAbsent(m.group(1), line.substring(m.end()).strip());
        }
        return rows;
    }
}
