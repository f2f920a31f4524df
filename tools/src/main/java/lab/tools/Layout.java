package lab.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import lab.verify.Lang;

/** Where the lab's parts live: the book, and for each step its skeleton, solution and verifier. */
public record Layout(Path root) {

    private static final Pattern STEP_DIR = Pattern.compile("(\\d\\d)-([a-z0-9-]+)");

    /** One step of the lab, e.g. 01 task-queue. */
    public record Step(int number, String name, Path skeleton, Path solution) {

        /** The two-digit number and name, as the folders are called: {@code 01-task-queue}. */
        public String folder() {
            return "%02d-%s".formatted(number, name);
        }

        /** The package that holds this step's verifier. */
        public String verifierPackage() {
            return "lab.verify.step%02d".formatted(number);
        }

        /** The title used in messages, in the learner's language, e.g. "Step 01 (task queue)". */
        public String title() {
            return Core.WORDS.say("step.title", "%02d".formatted(number), shortName());
        }

        /** The step's name in the learner's language ({@code step.NN} of the CLI's words), else as its folder has it: "task queue". */
        public String shortName() {
            return Core.WORDS.find("step.%02d".formatted(number)).orElse(name.replace('-', ' '));
        }
    }

    /** The lab found at {@code root}, which must hold pom.xml, lab.adoc and solutions/. */
    public static Layout at(Path root) {
        Path r = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(r.resolve("solutions")) || !Files.isRegularFile(r.resolve("lab.adoc"))) {
            throw new IllegalArgumentException(Core.WORDS.say("layout.notRoot", r));
        }
        return new Layout(r);
    }

    /** The book's source. */
    public Path book() {
        return root.resolve("lab.adoc");
    }

    /** The book's source in a language: {@code lab.adoc}, {@code lab.de.adoc}, {@code lab.fr.adoc}. */
    Path book(Lang lang) {
        return root.resolve("lab" + lang.suffix + ".adoc");
    }

    /** The rendered book. */
    public Path renderedBook() {
        return renderedBook(Lang.EN);
    }

    /** The rendered book in a language: {@code book/target/lab.html}, {@code lab.de.html}, {@code lab.fr.html}. */
    Path renderedBook(Lang lang) {
        return root.resolve("book/target/lab" + lang.suffix + ".html");
    }

    /** Every step that has a solution, in order. */
    public List<Step> steps() {
        try (Stream<Path> dirs = Files.list(root.resolve("solutions"))) {
            return dirs.filter(Files::isDirectory)
                    .map(d -> STEP_DIR.matcher(d.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> new Step(Integer.parseInt(m.group(1)), m.group(2),
                            root.resolve("steps").resolve(m.group()), root.resolve("solutions").resolve(m.group())))
                    .sorted((a, b) -> Integer.compare(a.number(), b.number()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The step with this number, or an error listing the steps there are. */
    public Step step(int number) {
        return steps().stream().filter(s -> s.number() == number).findFirst().orElseThrow(() ->
                new IllegalArgumentException(Core.WORDS.say("layout.noStep", number,
                        steps().stream().map(s -> String.valueOf(s.number())).toList())));
    }
}
