package lab.tools;

import static lab.tools.Core.OUT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import lab.tools.grade.Grader;
import lab.tools.grade.Results;
import lab.tools.grade.Submissions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code ./lab grade} command: grade a class of submissions, or merge the outputs of shards. */
@Command(name = "grade", mixinStandardHelpOptions = true, subcommands = GradeCommand.Merge.class,
        description = {"Grade a class (instructors): each submission's steps, checked as for a learner, in parallel.",
                "A submission is a learner's copy of the lab, a git repository or a .zip; a folder of them is one submission per entry.",
                "Only the learner's steps/NN-*/src/main/java/lab/*.java are used: the lab's own verifiers, files and poms grade them.",
                "Writes OUT/grades.csv, OUT/results/NAME.json (Exercism's test-runner format) and OUT/report.html."})
final class GradeCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    Lab lab;

    // not required here, or picocli would ask for submissions before ./lab grade merge
    @Parameters(paramLabel = "SUBMISSIONS", arity = "0..*", description = "Folders, git repositories or .zip files to grade.")
    List<String> submissions = new ArrayList<>();

    @Option(names = "--steps", defaultValue = "all", paramLabel = "STEPS", description = "Which steps, e.g. 1-5, 3 or 1,3,4 (default: all of them).")
    String steps;

    @Option(names = "--hidden", paramLabel = "DIR", description = "The instructor's hidden checks: JUnit classes in packages lab.hidden.stepNN, run after each step's own.")
    String hidden;

    @Option(names = "--out", defaultValue = "grades", paramLabel = "DIR", description = "Where the outputs go (default: ${DEFAULT-VALUE}); an earlier run's results there are kept for unchanged submissions.")
    String out;

    @Option(names = "--jobs", paramLabel = "N", description = "Submissions graded at once (default: the number of cores).")
    Integer jobs;

    @Option(names = "--shard", paramLabel = "I/N", description = "Grade only shard I of N (a stable share of the submissions), for CI; merge the outputs with ./lab grade merge.")
    String shard;

    @Option(names = "--ref", paramLabel = "REF", description = "The commit or tag to grade in git repositories (default: HEAD).")
    String ref;

    @Option(names = "--roster", paramLabel = "FILE", description = "A CSV of entry,name lines naming the learner of each entry.")
    String roster;

    @Option(names = "--force", description = "Grade every submission again, even those whose results are current.")
    boolean force;

    @Option(names = "--step-timeout", defaultValue = "300", paramLabel = "SECONDS", description = "How long one step of one submission may take (default: ${DEFAULT-VALUE}).")
    long stepTimeout;

    @Override
    public Integer call() throws Exception {
        if (submissions.isEmpty()) throw new IllegalArgumentException("say what to grade: ./lab grade FOLDER... (./lab grade --help)");
        Layout layout = lab.layout();
        int[] sh = parseShard(shard);
        var options = new Grader.Options(submissions.stream().map(GradeCommand::path).toList(), parseSteps(steps, layout),
                Optional.ofNullable(hidden).map(GradeCommand::path), path(out),
                jobs != null ? jobs : Runtime.getRuntime().availableProcessors(), sh[0], sh[1], ref,
                roster == null ? Map.of() : Submissions.roster(path(roster)), force, Duration.ofSeconds(stepTimeout));
        Grader.Summary s = Grader.grade(layout, options, OUT);
        double minutes = Math.max(s.took().toMillis(), 1) / 60_000.0;
        OUT.println();
        OUT.printf("lab grade: %d submissions graded (%d from earlier results), %d step checks run, %s wall time, %.1f submissions per minute%n",
                s.submissions(), s.submissions() - s.graded(), s.stepChecks(), clock(s.took()), s.submissions() / minutes);
        OUT.println("  grades:  " + options.out().resolve("grades.csv"));
        OUT.println("  report:  " + options.out().resolve("report.html") + "  (open it in a browser)");
        OUT.println("  results: " + options.out().resolve("results") + "/");
        return 0;
    }

    /** {@code ./lab grade merge}: the outputs of shards, merged into the outputs of one run. */
    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = "Merge the outputs of ./lab grade --shard runs into one grades.csv, results/ and report.html.")
    static final class Merge implements Callable<Integer> {

        @Parameters(paramLabel = "DIR", arity = "1..*", description = "The --out folders of the shards.")
        List<String> dirs;

        @Option(names = "--out", defaultValue = "grades", paramLabel = "DIR", description = "Where the merged outputs go (default: ${DEFAULT-VALUE}).")
        String out;

        @Override
        public Integer call() throws Exception {
            Path target = path(out);
            List<Results.Submission> all = new ArrayList<>();
            var learners = new TreeSet<String>();
            Files.createDirectories(target.resolve("results"));
            for (String d : dirs) {
                Path results = path(d).resolve("results");
                if (!Files.isDirectory(results)) throw new IllegalArgumentException(d + " holds no results/ folder: is it the --out of ./lab grade?");
                try (Stream<Path> files = Files.list(results)) {
                    for (Path f : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                        Results.Submission r = Results.read(f);
                        if (!learners.add(r.lab().learner())) throw new IllegalArgumentException("two results for " + r.lab().learner() + " (shards overlap?)");
                        if (!f.getParent().equals(target.resolve("results"))) Results.write(r, target.resolve("results").resolve(f.getFileName()));
                        all.add(r);
                    }
                }
            }
            Grader.writeOutputs(all, target);
            OUT.printf("lab grade merge: %d submissions from %d folders into %s%n", all.size(), dirs.size(), target);
            return 0;
        }
    }

    /** A path as the user typed it: relative to the folder ./lab was started in, not the lab's root. */
    static Path path(String p) {
        Path typed = Path.of(p);
        if (typed.isAbsolute()) return typed.normalize();
        return Path.of(System.getenv().getOrDefault("LAB_CWD", ".")).resolve(typed).toAbsolutePath().normalize();
    }

    /** "all", "1-5", "3", "1,3,4" as step numbers, each a step of the lab. */
    static List<Integer> parseSteps(String spec, Layout layout) {
        if (spec.strip().equalsIgnoreCase("all")) return layout.steps().stream().map(Layout.Step::number).toList();
        var out = new TreeSet<Integer>();
        for (String part : spec.split(",")) {
            String p = part.strip();
            try {
                if (p.matches("\\d+-\\d+")) {
                    int a = Integer.parseInt(p.substring(0, p.indexOf('-'))), b = Integer.parseInt(p.substring(p.indexOf('-') + 1));
                    for (int i = Math.min(a, b); i <= Math.max(a, b); i++) out.add(i);
                } else {
                    out.add(Integer.parseInt(p));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--steps takes all, or numbers and ranges like 1-5, 3 or 1,3,4; got '" + spec + "'");
            }
        }
        out.forEach(layout::step); // a step that does not exist says which do
        return List.copyOf(out);
    }

    /** "2/4" as {2, 4}; no shard is {1, 1}. */
    static int[] parseShard(String spec) {
        if (spec == null) return new int[] {1, 1};
        var m = java.util.regex.Pattern.compile("(\\d+)/(\\d+)").matcher(spec.strip());
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > Integer.parseInt(m.group(2))) {
            throw new IllegalArgumentException("--shard takes I/N with 1 <= I <= N, e.g. 2/4; got '" + spec + "'");
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    private static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? "%dm%02ds".formatted(s / 60, s % 60) : s + " s";
    }
}
