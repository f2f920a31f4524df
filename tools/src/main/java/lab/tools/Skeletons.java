package lab.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Makes a learner's skeleton from a reference solution: every marked region becomes a TODO that names the
 * method and the book section, and throws until the learner writes it.
 *
 * <p>A region in a solution looks like this (the bracketed id is a section of {@code lab.adoc}):
 * <pre>
 *   // BEGIN SOLUTION run() [step01-run]: take the task at the front, resume it, ...
 *   ...the reference code...
 *   // END SOLUTION
 * </pre>
 * Book tags ({@code // tag::x[]}, {@code // end::x[]}) are for the book only and are left out of skeletons.
 */
public final class Skeletons {

    static final Pattern BEGIN = Pattern.compile("^(\\s*)// BEGIN SOLUTION (\\S.*?) \\[([\\w-]+)]: (.+)$");
    static final Pattern END = Pattern.compile("^\\s*// END SOLUTION\\s*$");
    static final Pattern TAG = Pattern.compile("^\\s*// (tag|end)::[\\w-]+\\[]\\s*$");
    static final Pattern ANCHOR = Pattern.compile("^\\[(?:\\[|#)([\\w-]+)(?:]]|[.,%\\]].*)$");
    static final Pattern HEADING = Pattern.compile("^=+ (.+)$");

    private final Map<String, String> sectionTitles;

    /** A generator that names sections with their titles in this book. */
    public Skeletons(Path book) {
        this.sectionTitles = sectionTitles(book);
    }

    /** The skeleton of every Java source of a solution, keyed by path relative to the solution's folder. */
    public Map<String, String> generate(Path solution) {
        Map<String, String> out = new TreeMap<>();
        Path src = solution.resolve("src/main/java");
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String rel = solution.relativize(f).toString().replace('\\', '/');
                out.put(rel, skeleton(rel, Files.readString(f)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the solution in " + solution, e);
        }
        return out;
    }

    /** The skeleton of one source file. */
    public String skeleton(String name, String source) {
        var out = new StringBuilder();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher begin = BEGIN.matcher(line);
            if (TAG.matcher(line).matches()) continue;
            if (END.matcher(line).matches()) {
                throw new IllegalArgumentException(name + ":" + (i + 1) + ": END SOLUTION without a BEGIN SOLUTION above it");
            }
            if (line.contains("BEGIN SOLUTION") && !begin.matches()) {
                throw new IllegalArgumentException(name + ":" + (i + 1) + ": a BEGIN SOLUTION marker must read "
                        + "\"// BEGIN SOLUTION method() [book-section-id]: what to write\", got: " + line.strip());
            }
            if (!begin.matches()) {
                out.append(line);
                if (i + 1 < lines.length) out.append('\n');
                continue;
            }
            int end = i + 1;
            while (end < lines.length && !END.matcher(lines[end]).matches()) {
                if (lines[end].contains("BEGIN SOLUTION")) {
                    throw new IllegalArgumentException(name + ":" + (end + 1) + ": BEGIN SOLUTION inside another region (opened on line " + (i + 1) + ")");
                }
                end++;
            }
            if (end == lines.length) {
                throw new IllegalArgumentException(name + ":" + (i + 1) + ": BEGIN SOLUTION is never closed by END SOLUTION");
            }
            String indent = begin.group(1), method = begin.group(2), id = begin.group(3), what = begin.group(4).strip();
            String title = sectionTitles.get(id);
            if (title == null) {
                throw new IllegalArgumentException(name + ":" + (i + 1) + ": book section [" + id + "] is not in lab.adoc");
            }
            out.append(indent).append("// TODO ").append(method).append(": ").append(what).append('\n');
            out.append(indent).append("//      Book: \"").append(title).append("\" (book/target/lab.html#").append(id).append(")\n");
            // the message carries the section's address: a check's failure points there, not at the check's own section
            out.append(indent).append("throw new UnsupportedOperationException(\"TODO ").append(method)
                    .append(": not written yet; see the book, ").append(javaString(title))
                    .append(" (book/target/lab.html#").append(id).append(")\");");
            i = end;
            if (i + 1 < lines.length) out.append('\n');
        }
        return out.toString();
    }

    /**
     * A step's test class for an IDE's Test button, keyed by its path in the step's folder: it extends the step's
     * verifier, so the IDE lists and runs the same checks, with the same messages, as {@code ./lab check N}.
     */
    public static Map<String, String> ideTest(Layout.Step step) {
        String name = "Step%02dTest".formatted(step.number());
        String path = "src/test/java/" + step.verifierPackage().replace('.', '/') + "/" + name + ".java";
        return Map.of(path, """
                package %1$s;

                /** Step %2$02d's checks for your IDE's Test button: the same checks and messages as ./lab check %2$d. */
                // ./lab check %2$d is the one that counts, with its own copy of the checks: editing this file changes nothing there
                class %3$s extends Step%2$02dVerifier {}
                """.formatted(step.verifierPackage(), step.number(), name));
    }

    /**
     * The sources a step hands out complete (no marked region), relative to {@code src/main/java}: the checker
     * compiles the lab's own copy of these, whatever the learner's copy says.
     */
    public static java.util.Set<String> handedOutComplete(Path solution) {
        Path src = solution.resolve("src/main/java");
        try (Stream<Path> files = Files.walk(src)) {
            java.util.Set<String> out = new java.util.TreeSet<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (Files.readAllLines(f).stream().noneMatch(l -> BEGIN.matcher(l).matches())) {
                    out.add(src.relativize(f).toString().replace('\\', '/'));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the solution in " + solution, e);
        }
    }

    /** Section ids of the book and their titles. */
    static Map<String, String> sectionTitles(Path book) {
        Map<String, String> titles = new TreeMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(book);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the book " + book, e);
        }
        List<String> pending = new ArrayList<>();
        for (String line : lines) {
            Matcher a = ANCHOR.matcher(line.strip());
            Matcher h = HEADING.matcher(line);
            if (a.matches()) {
                pending.add(a.group(1));
            } else if (h.matches()) {
                for (String id : pending) titles.put(id, h.group(1).strip());
                pending.clear();
            } else if (!line.isBlank() && !line.startsWith("[")) {
                pending.clear();
            }
        }
        return titles;
    }

    /** Section ids of the book and their titles. */
    public Map<String, String> sections() {
        return sectionTitles;
    }

    private static String javaString(String s) {
        return "\\\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\\\"";
    }
}
