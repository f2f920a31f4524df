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
import lab.verify.Lang;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code ./lab grade} command: grade a class of submissions, or merge the outputs of shards. */
@Command(name = "grade", mixinStandardHelpOptions = true, subcommands = GradeCommand.Merge.class)
final class GradeCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    Lab lab;

    // not required here, or picocli would ask for submissions before ./lab grade merge
    @Parameters(paramLabel = "SUBMISSIONS", arity = "0..*")
    List<String> submissions = new ArrayList<>();

    @Option(names = "--steps", defaultValue = "all", paramLabel = "STEPS")
    String steps;

    @Option(names = "--hidden", paramLabel = "DIR")
    String hidden;

    @Option(names = "--out", defaultValue = "grades", paramLabel = "DIR")
    String out;

    @Option(names = "--jobs", paramLabel = "N")
    Integer jobs;

    @Option(names = "--shard", paramLabel = "I/N")
    String shard;

    @Option(names = "--ref", paramLabel = "REF")
    String ref;

    @Option(names = "--roster", paramLabel = "FILE")
    String roster;

    @Option(names = "--force")
    boolean force;

    @Option(names = "--step-timeout", defaultValue = "300", paramLabel = "SECONDS")
    long stepTimeout;

    @Override
    public Integer call() throws Exception {
        if (submissions.isEmpty()) throw new IllegalArgumentException(Core.WORDS.say("grade.nothing"));
        Layout layout = lab.layout();
        int[] sh = parseShard(shard);
        var options = new Grader.Options(submissions.stream().map(GradeCommand::path).toList(), parseSteps(steps, layout),
                Optional.ofNullable(hidden).map(GradeCommand::path), path(out),
                jobs != null ? jobs : Runtime.getRuntime().availableProcessors(), sh[0], sh[1], ref,
                roster == null ? Map.of() : Submissions.roster(path(roster)), force, Duration.ofSeconds(stepTimeout));
        Grader.Summary s = Grader.grade(layout, options, OUT);
        double minutes = Math.max(s.took().toMillis(), 1) / 60_000.0;
        OUT.println();
        OUT.println(Core.WORDS.say("grade.summary", s.submissions(), s.submissions() - s.graded(), s.stepChecks(), clock(s.took()),
                String.format(Lang.current().locale(), "%.1f", s.submissions() / minutes)));
        OUT.println("  " + Core.WORDS.say("grade.grades", options.out().resolve("grades.csv")));
        OUT.println("  " + Core.WORDS.say("grade.report", options.out().resolve("report.html")));
        OUT.println("  " + Core.WORDS.say("grade.results", options.out().resolve("results")));
        return 0;
    }

    /** {@code ./lab grade merge}: the outputs of shards, merged into the outputs of one run. */
    @Command(name = "merge", mixinStandardHelpOptions = true)
    static final class Merge implements Callable<Integer> {

        @Parameters(paramLabel = "DIR", arity = "1..*")
        List<String> dirs;

        @Option(names = "--out", defaultValue = "grades", paramLabel = "DIR")
        String out;

        @Override
        public Integer call() throws Exception {
            Path target = path(out);
            List<Results.Submission> all = new ArrayList<>();
            var learners = new TreeSet<String>();
            Files.createDirectories(target.resolve("results"));
            for (String d : dirs) {
                Path results = path(d).resolve("results");
                if (!Files.isDirectory(results)) throw new IllegalArgumentException(Core.WORDS.say("merge.noResults", d));
                try (Stream<Path> files = Files.list(results)) {
                    for (Path f : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                        Results.Submission r = Results.read(f);
                        if (!learners.add(r.lab().learner())) throw new IllegalArgumentException(Core.WORDS.say("merge.twice", r.lab().learner()));
                        if (!f.getParent().equals(target.resolve("results"))) Results.write(r, target.resolve("results").resolve(f.getFileName()));
                        all.add(r);
                    }
                }
            }
            Grader.writeOutputs(all, target);
            OUT.println(Core.WORDS.say("merge.done", all.size(), dirs.size(), target));
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
                throw new IllegalArgumentException(Core.WORDS.say("grade.steps", spec));
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
            throw new IllegalArgumentException(Core.WORDS.say("grade.shard", spec));
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    private static String clock(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? "%dm%02ds".formatted(s / 60, s % 60) : s + " s";
    }
}
