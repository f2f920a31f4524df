package lab.tools.grade;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import lab.verify.Words;

/**
 * {@code grades.csv}: one row per learner, one column per step ({@code pass 9/9}, {@code fail 6/9}, {@code error}),
 * then the steps passed and the checks passed. Made from results files alone, so a merge of shards writes the same.
 */
public final class Gradebook {

    /** The grader's words in the instructor's language ({@code lab/tools/grade/messages*.properties}). */
    private static final Words WORDS = Words.of(Gradebook.class);

    private Gradebook() {}

    /** The gradebook of these results, learners in name order. */
    public static String csv(List<Results.Submission> all) {
        Map<Integer, String> steps = new TreeMap<>();
        for (var s : all) for (var st : s.lab().steps()) steps.putIfAbsent(st.step(), st.title());
        List<String> header = new ArrayList<>(List.of("learner"));
        steps.forEach((n, title) -> header.add(column(n, title)));
        header.addAll(List.of("steps passed", "checks passed"));
        var out = new StringBuilder(row(header));
        for (var s : sorted(all)) {
            Map<Integer, Results.Step> byNumber = s.lab().steps().stream().collect(Collectors.toMap(Results.Step::step, x -> x, (a, b) -> a));
            List<String> cells = new ArrayList<>(List.of(s.lab().learner()));
            for (int n : steps.keySet()) cells.add(byNumber.containsKey(n) ? byNumber.get(n).cell() : "");
            long stepsPassed = s.lab().steps().stream().filter(x -> x.status().equals(Results.PASS)).count();
            int checks = s.lab().steps().stream().mapToInt(Results.Step::passed).sum();
            int total = s.lab().steps().stream().mapToInt(Results.Step::total).sum();
            cells.add(stepsPassed + "/" + s.lab().steps().size());
            cells.add(checks + "/" + total);
            out.append(row(cells));
        }
        return out.toString();
    }

    /** Writes {@code grades.csv}. */
    public static void write(List<Results.Submission> all, Path file) {
        try {
            Files.writeString(file, csv(all), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(WORDS.say("io.writing", file), e);
        }
    }

    /** Learners in name order (the order of the gradebook and the report). */
    public static List<Results.Submission> sorted(List<Results.Submission> all) {
        return all.stream().sorted(Comparator.comparing((Results.Submission s) -> s.lab().learner().toLowerCase())
                .thenComparing(s -> s.lab().learner())).toList();
    }

    /** A step's column: "01 task queue" from "Step 01 (task queue)". */
    private static String column(int n, String title) {
        int open = title.indexOf('('), close = title.lastIndexOf(')');
        return "%02d".formatted(n) + (open > 0 && close > open ? " " + title.substring(open + 1, close) : "");
    }

    /** One CSV row (RFC 4180), with every cell that a spreadsheet would take for a formula made plain text. */
    private static String row(List<String> cells) {
        return cells.stream().map(Gradebook::cell).collect(Collectors.joining(",")) + "\r\n";
    }

    private static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) v = "'" + v; // a learner named "=HYPERLINK(...)" stays a name
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) v = "\"" + v.replace("\"", "\"\"") + "\"";
        return v;
    }
}
