package lab.book;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rendered book's text, read back: no markup shows literally, and only code is coloured. */
@DisplayName("The book's text")
class BookTextTest {

    static final Path BOOK = path("book.html"), SOURCE = path("book.source");
    static final Path MISTAKES = path("book.mistakes"), MISTAKES_SOURCE = path("book.mistakesSource");

    /** A block that names its language: {@code [source,java]}, {@code [source,shell,...]}. */
    static final Pattern NAMES_LANGUAGE = Pattern.compile("(?m)^\\[source,\\w+");

    @ParameterizedTest(name = "lab{0}.html shows no backtick: every `code` span of the source is closed where it should be")
    @ValueSource(strings = {"", ".de", ".fr"})
    void noLiteralBackticks(String lang) throws IOException {
        assertThat(literalBackticks(read(html(lang))))
                .as("text of lab%s.html that shows a backtick (a possessive needs ``name``'s, an emphasis ending in code ``code``_)", lang)
                .isEmpty();
    }

    @ParameterizedTest(name = "lab{0}.html colours only the blocks that name their language: a program's output stays plain")
    @ValueSource(strings = {"", ".de", ".fr"})
    void outputIsPlain(String lang) throws IOException {
        assertThat(colouredWithoutLanguage(read(html(lang)), Files.readString(SOURCE.resolveSibling("lab" + lang + ".adoc")))).as(
                "blocks of lab%s.html coloured without a [source,LANG] of their own (a :source-language: default colours output as code)", lang)
                .isZero();
    }

    /** The rendered book in English ({@code ""}), German ({@code ".de"}) or French ({@code ".fr"}). */
    static Path html(String lang) {
        return BOOK.resolveSibling("lab" + lang + ".html");
    }

    @Nested
    @DisplayName("catches the text mistakes of src/test/asciidoc/mistakes.adoc")
    class Bites {

        @Test
        @DisplayName("the backticks of an emphasis that ends in code, and of a possessive after code")
        void backticks() throws IOException {
            assertThat(literalBackticks(read(MISTAKES))).hasSize(2).allMatch(finding -> finding.startsWith("#backticks"));
        }

        @Test
        @DisplayName("output coloured as Java under a :source-language: default")
        void colouredOutput() throws IOException {
            // the four columns of output and the server's log
            assertThat(colouredWithoutLanguage(read(MISTAKES), Files.readString(MISTAKES_SOURCE))).isEqualTo(5);
        }
    }

    /** Each text outside a code block that shows a backtick, as "#section: …text…". */
    static List<String> literalBackticks(Document page) {
        List<String> found = new ArrayList<>();
        NodeTraversor.traverse((node, depth) -> {
            if (node instanceof TextNode text && text.text().contains("`") && text.parent() instanceof Element parent
                    && parent.closest("pre, script, style") == null) {
                found.add(section(parent) + ": …" + text.text().strip() + "…");
            }
        }, page.body());
        return found;
    }

    /** How many more blocks are coloured than name their language in the source. */
    static long colouredWithoutLanguage(Document page, String source) {
        return page.select("pre.highlight").size() - NAMES_LANGUAGE.matcher(source).results().count();
    }

    static String section(Element element) {
        Element section = element.closest(".sect1, .sect2, .sect3");
        Element heading = section == null ? null : section.selectFirst("h2[id], h3[id], h4[id]");
        return heading == null ? "the page" : "#" + heading.id();
    }

    static Document read(Path page) throws IOException {
        assertThat(page).as("the rendered page (the book module renders it before its tests)").exists();
        return Jsoup.parse(page.toFile());
    }

    static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null) throw new IllegalStateException("no -D" + property + ": run the book's tests through Maven (book/pom.xml, profile selftest)");
        return Path.of(value);
    }
}
