package lab.tools.grade;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lab.verify.Words;

/**
 * One submission's grade, in the shape of Exercism's test-runner interface, version 3: a status, a message when
 * nothing could run, and one test per check with its step as {@code task_id}; plus, under {@code lab}, what the
 * gradebook and the report need (the learner, a hash of the sources graded, a summary per step). The one place
 * this format is written and read: {@code grades.csv} and {@code report.html} are made from these files alone, so
 * that merging shards is reading their files.
 */
public final class Results {

    /** The interface's version this writes. */
    public static final int VERSION = 3;

    /** A check's status, and a step's and a submission's, as the interface spells them. */
    public static final String PASS = "pass", FAIL = "fail", ERROR = "error";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** The grader's words in the instructor's language ({@code lab/tools/grade/messages*.properties}). */
    private static final Words WORDS = Words.of(Results.class);

    private Results() {}

    /** A submission's results: the file {@code results/NAME.json}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Submission(int version, String status, String message, List<Test> tests, Lab lab) {

        /** The results of a submission graded step by step: pass if every step passed, error if none could run. */
        public static Submission of(String learner, String sourceHash, List<Step> steps, List<Test> tests) {
            boolean allPass = !steps.isEmpty() && steps.stream().allMatch(s -> s.status().equals(PASS));
            boolean noneRan = steps.stream().allMatch(s -> s.status().equals(ERROR));
            String status = allPass ? PASS : noneRan ? ERROR : FAIL;
            String message = noneRan ? steps.stream().map(s -> WORDS.say("results.step", "%02d".formatted(s.step()), s.reason()))
                    .reduce((a, b) -> a + "\n" + b).orElseGet(() -> WORDS.say("results.nothing")) : null;
            return new Submission(VERSION, status, message, List.copyOf(tests), new Lab(learner, sourceHash, List.copyOf(steps)));
        }

        /** A submission that could not be graded at all (not a lab, a broken zip): one reason for every step. */
        public static Submission unreadable(String learner, String sourceHash, List<Integer> steps, String reason) {
            return of(learner, sourceHash, steps.stream().map(n -> Step.error(n, "", reason)).toList(), List.of());
        }
    }

    /** One check: its full name, status, the verifier's message when it failed, and its step ({@code task_id}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Test(String name, String status, String message, String output, @JsonProperty("task_id") Integer taskId) {}

    /** What the lab adds to the interface: the learner, the hash of the sources graded, and each step's summary. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Lab(String learner, @JsonProperty("source_sha256") String sourceHash, List<Step> steps) {}

    /**
     * One step: pass (every check passed), fail (some did not) or error (none could run: no sources, does not
     * compile, refused by the rules, timed out), with the number of passing checks and, if not pass, why.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Step(int step, String title, String status, int passed, int total, String reason) {

        /** A step none of whose checks could run. */
        public static Step error(int step, String title, String reason) {
            return new Step(step, title, ERROR, 0, 0, reason);
        }

        /** The gradebook's cell: {@code pass 9/9}, {@code fail 6/9}, {@code error}. */
        public String cell() {
            return status.equals(ERROR) ? ERROR : status + " " + passed + "/" + total;
        }
    }

    /** Writes a submission's results. */
    public static void write(Submission results, Path file) {
        try {
            Files.createDirectories(file.getParent());
            JSON.writeValue(file.toFile(), results);
        } catch (IOException e) {
            throw new UncheckedIOException(WORDS.say("io.writing", file), e);
        }
    }

    /** Reads a submission's results, as written by {@link #write}. */
    public static Submission read(Path file) {
        try {
            return JSON.readValue(file.toFile(), Submission.class);
        } catch (IOException e) {
            throw new UncheckedIOException(WORDS.say("results.reading", file), e);
        }
    }
}
