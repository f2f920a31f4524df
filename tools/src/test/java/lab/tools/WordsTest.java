package lab.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import lab.verify.Lang;
import lab.verify.Words;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lab's words in three languages hold together: every bundle ({@code messages*.properties} of the checks, the
 * harness and the CLI) has the same keys and placeholders in German and French as in English, every key the code
 * asks for exists, no English sentence is left in the code a learner reads, and every book section a check names
 * has its title, as that language's book has it.
 */
@DisplayName("The lab's words")
class WordsTest {

    static final Path ROOT = SelfTest.LAYOUT.root();

    /** Where learner-facing code lives: the harness, each step's checks and the CLI (not the probe: it writes facts). */
    static List<Path> modules() throws IOException {
        List<Path> modules = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(ROOT.resolve("verify"))) {
            dirs.filter(d -> Files.isDirectory(d.resolve("src/main/java")) && !d.getFileName().toString().equals("probe"))
                    .sorted().forEach(modules::add);
        }
        modules.add(ROOT.resolve("tools"));
        return modules;
    }

    /** Each module's English bundles, by the package folder they sit in. */
    static Map<Path, Path> englishBundles() throws IOException {
        Map<Path, Path> bundles = new TreeMap<>();
        for (Path module : modules()) {
            Path resources = module.resolve("src/main/resources");
            if (!Files.isDirectory(resources)) continue;
            try (Stream<Path> files = Files.walk(resources)) {
                files.filter(f -> f.getFileName().toString().equals("messages.properties")).forEach(f -> bundles.put(f.getParent(), f));
            }
        }
        return bundles;
    }

    /** A bundle's own file, read as the JDK reads it (UTF-8), without the English it would fall back to. */
    static Properties read(Path file) throws IOException {
        var properties = new Properties();
        try (var in = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        return properties;
    }

    static Path translation(Path english, Lang lang) {
        return english.resolveSibling("messages_" + lang.code() + ".properties");
    }

    /** The {@code {n}} a text takes. */
    static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = Pattern.compile("\\{\\d+}").matcher(text);
        while (m.find()) found.add(m.group());
        return found;
    }

    /** Prose: three lower-case words in a row (code such as {@code spawn(first: yield Wait.recv(pipe))} has none). */
    static final Pattern PROSE = Pattern.compile("(?<![\\p{L}.])\\p{Ll}{2,} \\p{Ll}{2,} \\p{Ll}{2,}(?![\\p{L}(])");

    @ParameterizedTest(name = "the {0} bundles have every English key, with the same placeholders, and no other")
    @EnumSource(value = Lang.class, names = {"DE", "FR"})
    void sameKeysAndPlaceholders(Lang lang) throws IOException {
        assertThat(englishBundles()).as("bundles found").hasSizeGreaterThanOrEqualTo(2);
        for (Path english : englishBundles().values()) {
            Path other = translation(english, lang);
            String where = ROOT.relativize(other).toString();
            assertThat(other).as(where).exists();
            Properties en = read(english), tr = read(other);
            assertThat(tr.stringPropertyNames()).as("keys of %s", where).containsExactlyInAnyOrderElementsOf(en.stringPropertyNames());
            for (String key : en.stringPropertyNames()) {
                String e = en.getProperty(key), t = tr.getProperty(key);
                assertThat(placeholders(t)).as("placeholders of %s in %s", key, where).isEqualTo(placeholders(e));
                assertThat(t).as("%s in %s", key, where).isNotBlank();
                if (PROSE.matcher(e.replaceAll("\\{\\d+}", "")).find() && !key.startsWith("row.")) {
                    assertThat(t).as("%s in %s: still the English text", key, where).isNotEqualTo(e);
                }
            }
        }
    }

    @Test
    @DisplayName("no text doubles its apostrophes: {n} is the only thing special in a text")
    void apostrophesAsTheyAre() throws IOException {
        for (Path english : englishBundles().values()) {
            for (Path file : List.of(english, translation(english, Lang.DE), translation(english, Lang.FR))) {
                Properties p = read(file);
                for (String key : p.stringPropertyNames()) {
                    assertThat(p.getProperty(key)).as("%s in %s", key, ROOT.relativize(file)).doesNotContain("''");
                }
            }
        }
    }

    private static final Pattern ASKED = Pattern.compile("WORDS\\.(?:say|find)\\((?:[A-Za-z.]+, )?\"([^\"]+)\"\\s*[,)]");

    @Test
    @DisplayName("every key the code asks for is in its package's English bundle")
    void everyKeyAskedForExists() throws IOException {
        int asked = 0;
        for (Path module : modules()) {
            try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
                for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String source = Files.readString(f);
                    Matcher m = ASKED.matcher(source);
                    Path bundle = module.resolve("src/main/resources").resolve(module.resolve("src/main/java").relativize(f.getParent()))
                            .resolve("messages.properties");
                    while (m.find()) {
                        asked++;
                        assertThat(bundle).as("the bundle of %s", ROOT.relativize(f)).exists();
                        assertThat(read(bundle).stringPropertyNames()).as("keys of %s, asked for in %s", ROOT.relativize(bundle), ROOT.relativize(f))
                                .contains(m.group(1));
                    }
                }
            }
        }
        assertThat(asked).as("keys asked for in the sources").isGreaterThan(100);
    }

    /** A string literal, and what comes after it on its line. */
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");

    @Test
    @DisplayName("no English sentence is left in the code of the checks and the CLI: data that reads like one says // data")
    void noEnglishLeftInCode() throws IOException {
        Map<String, String> found = new LinkedHashMap<>();
        for (Path module : modules()) {
            try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
                for (Path f : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    if (!learnerFacing(f)) continue;
                    boolean cli = f.startsWith(ROOT.resolve("tools"));
                    List<String> lines = Files.readAllLines(f);
                    boolean inComment = false;
                    for (int i = 0; i < lines.size(); i++) {
                        String line = lines.get(i).strip();
                        if (inComment) {
                            inComment = !line.contains("*/");
                            continue;
                        }
                        if (line.startsWith("/*")) {
                            inComment = !line.contains("*/");
                            continue;
                        }
                        if (line.startsWith("//") || line.startsWith("*") || line.endsWith("// data") || cli && line.startsWith("@")) continue;
                        Matcher m = LITERAL.matcher(line.replaceAll("//.*$", ""));
                        while (m.find()) {
                            if (PROSE.matcher(m.group(1)).find()) found.put(ROOT.relativize(f) + ":" + (i + 1), m.group(1));
                        }
                    }
                }
            }
        }
        assertThat(found).as("string literals of three or more words outside the bundles (a bundle key, or // data at the end "
                + "of the line for what the learner's program must print or a client sends)").isEmpty();
    }

    /** The sources whose strings a learner reads; the CLI's maintainer commands and their internals are not. */
    static boolean learnerFacing(Path source) {
        String name = source.getFileName().toString();
        return !source.toString().contains("/tools/") || !Set.of("BenchCommand.java", "SkeletonsCommand.java", "Skeletons.java").contains(name);
    }

    @Test
    @DisplayName("every step has its name in the CLI's words (the status table and every verdict say it)")
    void everyStepNamed() throws IOException {
        Properties cli = read(ROOT.resolve("tools/src/main/resources/lab/tools/messages.properties"));
        for (Layout.Step step : SelfTest.LAYOUT.steps()) {
            assertThat(cli.getProperty("step.%02d".formatted(step.number()))).as("the name of %s", step.folder()).isNotBlank();
        }
    }

    @ParameterizedTest(name = "every book section a check names has its title in the {0} bundle, as that book has it")
    @EnumSource(Lang.class)
    void sectionTitles(Lang lang) throws IOException {
        Path book = SelfTest.LAYOUT.book(lang);
        Map<String, String> headings = headings(book);
        Properties harness = read(lang == Lang.EN ? ROOT.resolve("verify/harness/src/main/resources/lab/verify/messages.properties")
                : translation(ROOT.resolve("verify/harness/src/main/resources/lab/verify/messages.properties"), lang));
        Set<String> named = new TreeSet<>();
        Pattern p = Pattern.compile("new BookSection\\(\"([^\"]+)\"\\)");
        for (Path module : modules()) {
            try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
                for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = p.matcher(Files.readString(f));
                    while (m.find()) named.add(m.group(1));
                }
            }
        }
        assertThat(named).as("sections named by the checks").hasSizeGreaterThan(10);
        for (String id : named) {
            assertThat(harness.getProperty("section." + id)).as("the title of section %s in lab%s.adoc", id, lang.suffix)
                    .isNotNull().isEqualTo(headings.get(id));
        }
        String link = Words.of(lab.verify.BookSection.class).say(lang, "section.read", "T", lang.book(), "id");
        assertThat(link).contains("T").endsWith("(" + lang.book() + "#id)");
    }

    /** Each anchored section of a book as its title path: "Step 03 › Echoing to a client", code marks dropped. */
    static Map<String, String> headings(Path book) throws IOException {
        Map<String, String> titles = new TreeMap<>();
        List<String> pending = new ArrayList<>();
        String part = null;
        for (String line : Files.readAllLines(book)) {
            Matcher a = Pattern.compile("^\\[\\[([\\w-]+)]]$").matcher(line.strip());
            Matcher h = Pattern.compile("^(=+) (.+)$").matcher(line);
            if (a.matches()) {
                pending.add(a.group(1));
            } else if (h.matches()) {
                String heading = h.group(2).strip().replace("`", "");
                if (h.group(1).length() == 2) part = heading.split(":")[0].replace('\u00a0', ' ').strip();
                for (String id : pending) titles.put(id, h.group(1).length() == 3 ? part + " › " + heading : heading);
                pending.clear();
            } else if (!line.isBlank() && !line.startsWith("[")) {
                pending.clear();
            }
        }
        return titles;
    }
}
