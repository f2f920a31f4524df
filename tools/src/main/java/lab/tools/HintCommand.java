package lab.tools;

import static lab.tools.Core.OUT;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.verify.Lang;
import lab.verify.Words;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code ./lab hint N} command: the step's next hint from the book, one at a time, remembering how far you got. */
@Command(name = "hint", mixinStandardHelpOptions = true)
final class HintCommand implements Callable<Integer> {

    /** The file, in the step's folder, that remembers how many hints were shown; delete it to start over. */
    static final String SEEN = ".hints-seen";

    @CommandLine.ParentCommand
    Lab lab;

    @Parameters(paramLabel = "STEP")
    String which;

    @Option(names = "--all")
    boolean all;

    /** One hint of the book: its number, title and text (AsciiDoc made plain for a terminal). */
    record Hint(int number, String title, List<String> text) {}

    private static final Pattern ANCHOR = Pattern.compile("\\[\\[step(\\d\\d)-hint-(\\d+)]]");

    @Override
    public Integer call() throws IOException {
        Layout layout = lab.layout();
        Lang lang = lab.lang();
        var words = Core.WORDS.bundle(lang);
        Layout.Step step = Core.step(layout, which);
        List<Hint> hints = hints(layout.book(lang), step.number(), words);
        if (hints.isEmpty()) {
            OUT.println(say(words, "hint.none", step.title()));
            return 0;
        }
        Path seenFile = step.skeleton().resolve(SEEN);
        int seen = all ? 0 : Math.min(seen(seenFile), hints.size());
        List<Hint> show = all ? hints : seen < hints.size() ? List.of(hints.get(seen)) : List.of(hints.getLast());
        for (Hint h : show) {
            OUT.println(say(words, "hint.counter", h.title(), String.valueOf(h.number()), String.valueOf(hints.size())));
            OUT.println();
            h.text().forEach(l -> OUT.println("  " + l));
            OUT.println();
        }
        int now = all ? hints.size() : Math.min(seen + 1, hints.size());
        if (Files.isDirectory(step.skeleton())) Files.writeString(seenFile, now + "\n");
        if (!all) {
            OUT.println(now < hints.size()
                    ? say(words, "hint.next", String.valueOf(step.number()), String.valueOf(now + 1), String.valueOf(hints.size()))
                    : say(words, "hint.last"));
        }
        OUT.println(say(words, "hint.seen", step.folder(), SEEN));
        return 0;
    }

    /** How many hints were shown so far, per the file (0 if there is none or it is not a number). */
    private static int seen(Path file) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > 64) return 0;
            return Math.max(0, Integer.parseInt(Files.readString(file).strip()));
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** A message of the CLI's bundle, its {@code {0}}, {@code {1}}... filled with {@code args}. */
    static String say(java.util.ResourceBundle words, String key, String... args) {
        return Words.format(words.getString(key), (Object[]) args);
    }

    /** The hints of a step in a book ({@code [[stepNN-hint-K]]} sections, in order), cross-references named in its language. */
    static List<Hint> hints(Path book, int step, java.util.ResourceBundle words) {
        List<String> lines;
        try {
            lines = Files.readAllLines(book);
        } catch (IOException e) {
            throw new UncheckedIOException(say(words, "hint.book", book.toString()), e);
        }
        List<Hint> hints = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = ANCHOR.matcher(lines.get(i).strip());
            if (!m.matches() || Integer.parseInt(m.group(1)) != step) continue;
            int j = i + 1;
            String title = j < lines.size() && lines.get(j).startsWith(".") ? plain(lines.get(j++).substring(1), words) : say(words, "hint.title", m.group(2));
            while (j < lines.size() && !lines.get(j).equals("====")) j++;
            List<String> text = new ArrayList<>();
            boolean literal = false;
            for (j++; j < lines.size() && !lines.get(j).equals("===="); j++) {
                String l = lines.get(j);
                if (l.equals("....") || l.equals("----")) {
                    literal = !literal;
                    continue;
                }
                if (!literal && l.startsWith("[")) continue; // a block's attributes, e.g. [source,java]
                text.add(literal ? "    " + l : plain(l, words));
            }
            hints.add(new Hint(Integer.parseInt(m.group(2)), title, text));
        }
        return hints;
    }

    /** A line of AsciiDoc prose as plain text: emphasis marks made readable, a cross-reference named in the bundle's language. */
    static String plain(String line, java.util.ResourceBundle words) {
        String xref = say(words, "hint.xref", "$1"); // the anchor's id, as a regex group (the bundles hold no $ or \\)
        return line.replaceAll("(?<![\\w`])_([^_]+)_(?![\\w])", "$1")
                .replaceAll("(?<![\\w])\\*([^*]+)\\*(?![\\w])", "$1")
                .replaceAll("<<([\\w-]+),([^>]+)>>", "$2")
                .replaceAll("<<([\\w-]+)>>", xref);
    }
}
