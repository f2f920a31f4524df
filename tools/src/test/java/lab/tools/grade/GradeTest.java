package lab.tools.grade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import lab.tools.Core;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * {@code ./lab grade} on a class made from the reference solutions ({@link ClassFixture}): the exact gradebook,
 * each submission's results, a second run that keeps what did not change, shards that merge into the single run,
 * and a git repository graded at a tag. Steps 1 and 2 only, to keep the build fast; the network steps are graded
 * the same way by the same code.
 */
@DisplayName("./lab grade on a class of 21 submissions")
@EnabledIfSystemProperty(named = "lab.selftest", matches = "true")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GradeTest {

    static final Path WORK = Path.of("target/grade-test").toAbsolutePath();
    static final Path CLASS = WORK.resolve("class");
    static final Path OUT = WORK.resolve("single");

    /** The gradebook the class must get, byte for byte. */
    static final String GRADES = """
            learner,01 task queue,02 waiting tasks,steps passed,checks passed
            "'=HYPERLINK(""x"")",pass 9/9,pass 17/17,2/2,26/26
            alice,pass 9/9,pass 17/17,2/2,26/26
            bob,pass 9/9,fail 3/17,1/2,12/26
            carol,error,pass 17/17,1/2,17/17
            dave,pass 9/9,error,1/2,9/9
            erin,fail 3/9,pass 17/17,1/2,20/26
            frank,error,pass 17/17,1/2,17/17
            grace,pass 9/9,error,1/2,9/9
            heidi,fail 4/9,pass 17/17,1/2,21/26
            ivan,error,pass 17/17,1/2,17/17
            judy,error,pass 17/17,1/2,17/17
            kate,fail 7/9,pass 17/17,1/2,24/26
            leo,pass 9/9,fail 16/17,1/2,25/26
            mallory,pass 9/9,pass 17/17,2/2,26/26
            niaj,pass 9/9,pass 17/17,2/2,26/26
            olga,fail 0/9,fail 3/17,0/2,3/26
            peggy,error,pass 17/17,1/2,17/17
            quentin,error,error,0/2,0/0
            rupert,error,error,0/2,0/0
            sybil,error,error,0/2,0/0
            trent,pass 9/9,pass 17/17,2/2,26/26
            """;

    static ClassFixture fixture;

    @BeforeAll
    static void theClass() throws Exception {
        fixture = ClassFixture.write(CLASS);
    }

    static Grader.Summary grade(Path out, int shard, int shards, String ref, boolean force, Path... submissions) throws Exception {
        var options = new Grader.Options(List.of(submissions), List.of(1, 2), Optional.empty(), out, 2, shard, shards, ref, Map.of(),
                force, Duration.ofSeconds(120));
        var log = new ByteArrayOutputStream();
        Grader.Summary s = Grader.grade(ClassFixture.LAYOUT, options, new PrintStream(log, true, StandardCharsets.UTF_8));
        System.out.println("[selftest] " + log.toString(StandardCharsets.UTF_8).strip().replace("\n", "\n[selftest] "));
        System.out.printf("[selftest] %d submissions, %d graded, %d step checks, %.1f s%n", s.submissions(), s.graded(), s.stepChecks(),
                s.took().toMillis() / 1000.0);
        return s;
    }

    static Map<String, String> statuses(Path out) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> files = Files.list(out.resolve("results"))) {
            for (Path f : files.toList()) {
                var r = Results.read(f);
                m.put(r.lab().learner(), r.status());
            }
        }
        return m;
    }

    @Test
    @Order(1)
    @DisplayName("grades every submission, whatever it holds, into the exact gradebook and one results file each")
    void gradesTheClass() throws Exception {
        Core.deleteTree(OUT);
        Grader.Summary s = grade(OUT, 1, 1, null, false, CLASS);
        String csv = Files.readString(OUT.resolve("grades.csv")).replace("\r\n", "\n");
        System.out.println("[selftest] grades.csv:\n" + csv);
        assertThat(s.submissions()).isEqualTo(21);
        assertThat(csv).isEqualTo(GRADES);
        assertThat(statuses(OUT)).hasSize(21);
        assertThat(OUT.resolve("report.html")).isNotEmptyFile();
    }

    @Test
    @Order(2)
    @DisplayName("gives each submission's results file the status its steps earn, with a reason for each step that could not run")
    void resultsFiles() throws Exception {
        Map<String, String> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("=HYPERLINK(\"x\")", "pass"), Map.entry("alice", "pass"), Map.entry("trent", "pass"), Map.entry("mallory", "pass"),
                Map.entry("niaj", "pass"), Map.entry("bob", "fail"), Map.entry("carol", "fail"), Map.entry("dave", "fail"),
                Map.entry("erin", "fail"), Map.entry("frank", "fail"), Map.entry("grace", "fail"), Map.entry("heidi", "fail"),
                Map.entry("ivan", "fail"), Map.entry("judy", "fail"), Map.entry("kate", "fail"), Map.entry("leo", "fail"),
                Map.entry("olga", "fail"), Map.entry("peggy", "fail"), Map.entry("quentin", "error"), Map.entry("rupert", "error"),
                Map.entry("sybil", "error")));
        assertThat(statuses(OUT)).isEqualTo(expected);
        var judy = Results.read(OUT.resolve("results/judy.json"));
        assertThat(judy.lab().steps().getFirst().reason()).contains("java.nio.file.Files.readString(...)").contains("sockets, not files");
        var grace = Results.read(OUT.resolve("results/grace.json"));
        assertThat(grace.lab().steps().get(1).reason()).startsWith("does not compile:").contains("Scheduler.java");
        var sybil = Results.read(OUT.resolve("results/sybil.json"));
        assertThat(sybil.message()).contains("broken zip");
        var erin = Results.read(OUT.resolve("results/erin.json"));
        assertThat(erin.tests()).anyMatch(t -> t.status().equals("fail") && t.message().contains("did not finish in time"));
        assertThat(erin.tests()).allMatch(t -> t.taskId() == 1 || t.taskId() == 2);
    }

    @Test
    @Order(3)
    @DisplayName("keeps the results of unchanged submissions on a second run, and grades again what changed")
    void secondRun() throws Exception {
        String before = Files.readString(OUT.resolve("grades.csv"));
        Files.writeString(CLASS.resolve("trent/steps/02-waiting-tasks/src/main/java/lab/Scheduler.java"), "broken");
        Grader.Summary s = grade(OUT, 1, 1, null, false, CLASS);
        assertThat(s.stepChecks()).as("steps graded again: trent's two, nobody else's").isEqualTo(2);
        String after = Files.readString(OUT.resolve("grades.csv"));
        assertThat(after).isNotEqualTo(before).contains("trent,pass 9/9,error,1/2,9/9");
        ClassFixture.write(CLASS);
    }

    @Test
    @Order(4)
    @DisplayName("grades in three shards whose merge is the single run's gradebook, results and report")
    void shards() throws Exception {
        Grader.grade(ClassFixture.LAYOUT, new Grader.Options(List.of(CLASS), List.of(1, 2), Optional.empty(), OUT, 2, 1, 1, null, Map.of(),
                false, Duration.ofSeconds(120)), new PrintStream(new ByteArrayOutputStream()));
        int total = 0;
        for (int i = 1; i <= 3; i++) {
            Path shard = WORK.resolve("shard-" + i);
            Core.deleteTree(shard);
            total += grade(shard, i, 3, null, false, CLASS).submissions();
        }
        assertThat(total).isEqualTo(21);
        Path merged = WORK.resolve("merged");
        Core.deleteTree(merged);
        int code = new picocli.CommandLine(new lab.tools.Lab()).execute("--root", ClassFixture.LAYOUT.root().toString(), "grade", "merge",
                WORK.resolve("shard-1").toString(), WORK.resolve("shard-2").toString(), WORK.resolve("shard-3").toString(),
                "--out", merged.toString());
        assertThat(code).isZero();
        assertThat(Files.readString(merged.resolve("grades.csv"))).isEqualTo(Files.readString(OUT.resolve("grades.csv")));
        assertThat(Files.readString(merged.resolve("report.html"))).isEqualTo(Files.readString(OUT.resolve("report.html")));
        assertThat(statuses(merged)).isEqualTo(statuses(OUT));
    }

    @Test
    @Order(6)
    @DisplayName("runs the instructor's hidden checks after a step's own, from a folder no learner sees")
    void hiddenChecks() throws Exception {
        Path out = WORK.resolve("hidden");
        Core.deleteTree(out);
        var options = new Grader.Options(List.of(CLASS.resolve("alice")), List.of(3), Optional.of(ClassFixture.LAYOUT.root()
                .resolve("docs/instructors/hidden")), out, 1, 1, 1, null, Map.of(), false, Duration.ofSeconds(300));
        Grader.grade(ClassFixture.LAYOUT, options, new PrintStream(new ByteArrayOutputStream()));
        var alice = Results.read(out.resolve("results/alice.json"));
        assertThat(alice.tests()).filteredOn(t -> t.name().contains("hidden: a bigger burst"))
                .singleElement().satisfies(t -> assertThat(t.status()).isEqualTo("pass"));
        assertThat(alice.status()).isEqualTo("pass");
    }

    @Test
    @Order(5)
    @DisplayName("grades a git repository at the commit or tag given, never its work tree")
    void gitAtRef() throws Exception {
        Path out = WORK.resolve("ref");
        Core.deleteTree(out);
        grade(out, 1, 1, "start", false, CLASS.resolve("niaj"));
        assertThat(Files.readString(out.resolve("grades.csv"))).contains("niaj,fail ");
        Core.deleteTree(out);
        grade(out, 1, 1, "no-such-tag", false, CLASS.resolve("niaj"));
        assertThat(Results.read(out.resolve("results/niaj.json")).message()).contains("no-such-tag");
    }
}
