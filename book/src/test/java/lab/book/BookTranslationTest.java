package lab.book;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The German and French books keep up with the English one. Each section of a translation (from one anchor line
 * {@code [[id]]} to the next) follows a line {@code // translates: HASH} naming the revision of the English section it
 * translates: the first 12 hex digits of the SHA-256 of that section's lines. When the English section changes, its
 * hash changes, and this test names the section until it is translated again and its marker set to the new hash.
 */
@DisplayName("The translated books")
class BookTranslationTest {

    static final Path SOURCE = BookTextTest.SOURCE;

    static final Pattern ANCHOR = Pattern.compile("\\[\\[([A-Za-z0-9_-]+)]]");
    static final String MARKER = "// translates: ";

    @ParameterizedTest(name = "lab.{0}.adoc has the English book''s sections, in its order")
    @ValueSource(strings = {"de", "fr"})
    void sameSections(String lang) throws IOException {
        assertThat(anchors(Files.readString(translation(lang)))).as("the section anchors of lab.%s.adoc", lang)
                .containsExactlyElementsOf(anchors(Files.readString(SOURCE)));
    }

    @ParameterizedTest(name = "lab.{0}.adoc translates the current revision of every English section")
    @ValueSource(strings = {"de", "fr"})
    void upToDate(String lang) throws IOException {
        assertThat(behind(Files.readString(SOURCE), Files.readString(translation(lang))))
                .as("sections of lab.%s.adoc whose English source changed since they were translated (or that say not what they translate)", lang)
                .isEmpty();
    }

    @Nested
    @DisplayName("catches a translation that falls behind")
    class Bites {

        static final String ENGLISH = """
                = Book

                [[one]]
                == One

                First text.

                [[two]]
                == Two

                Second text.
                """;

        @Test
        @DisplayName("an English section changed since: named, with the hash to set once translated again")
        void changedSection() {
            String translated = mark(ENGLISH).replace("First text.", "Erster Text.").replace("Second text.", "Zweiter Text.");
            assertThat(behind(ENGLISH, translated)).isEmpty();
            String changed = ENGLISH.replace("Second text.", "Second text, now longer.");
            assertThat(behind(changed, translated)).singleElement().asString()
                    .startsWith("two: translates " + sections(ENGLISH).get("two")).endsWith("now " + sections(changed).get("two"));
        }

        @Test
        @DisplayName("a section without its marker")
        void missingMarker() {
            String translated = mark(ENGLISH).replace(MARKER + sections(ENGLISH).get("one") + "\n", "");
            assertThat(behind(ENGLISH, translated)).singleElement().asString().startsWith("one: no \"// translates:\" line");
        }

        @Test
        @DisplayName("a section left out")
        void missingSection() {
            assertThat(anchors(mark(ENGLISH).replace("[[two]]\n", ""))).containsExactly("one");
        }
    }

    /** The translation in language {@code lang}, beside the English book. */
    static Path translation(String lang) {
        return SOURCE.resolveSibling("lab." + lang + ".adoc");
    }

    /** The anchors that start sections, in order. */
    static List<String> anchors(String text) {
        List<String> ids = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            var m = ANCHOR.matcher(line);
            if (m.matches()) ids.add(m.group(1));
        }
        return ids;
    }

    /** Each section of the English text, by anchor: the hash of its lines, from its anchor to the next. */
    static Map<String, String> sections(String english) {
        String[] lines = english.split("\n", -1);
        Map<String, String> hashes = new LinkedHashMap<>();
        String id = null;
        int start = 0;
        for (int i = 0; i <= lines.length; i++) {
            var m = i < lines.length ? ANCHOR.matcher(lines[i]) : null;
            if (i == lines.length || m.matches()) {
                if (id != null) hashes.put(id, hash(String.join("\n", List.of(lines).subList(start, i))));
                if (i < lines.length) {
                    id = m.group(1);
                    start = i;
                }
            }
        }
        return hashes;
    }

    /** The sections of a translation that are behind the English text, or say not what they translate: one line each. */
    static List<String> behind(String english, String translated) {
        Map<String, String> current = sections(english);
        String[] lines = translated.split("\n", -1);
        List<String> found = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            var m = ANCHOR.matcher(lines[i]);
            if (!m.matches() || !current.containsKey(m.group(1))) continue;
            String id = m.group(1), now = current.get(id);
            String before = i > 0 ? lines[i - 1] : "";
            if (!before.startsWith(MARKER)) {
                found.add(id + ": no \"" + MARKER.strip() + "\" line before its anchor; the English section is now " + now);
            } else if (!before.substring(MARKER.length()).strip().equals(now)) {
                found.add(id + ": translates " + before.substring(MARKER.length()).strip()
                        + ", but the English section has changed since: translate it again, and set its marker to now " + now);
            }
        }
        return found;
    }

    /** The English text with each section's marker in front of its anchor: where a translation starts. */
    static String mark(String english) {
        Map<String, String> hashes = sections(english);
        StringBuilder out = new StringBuilder();
        for (String line : english.split("\n", -1)) {
            var m = ANCHOR.matcher(line);
            if (m.matches()) out.append(MARKER).append(hashes.get(m.group(1))).append('\n');
            out.append(line).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
