package lab.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Making learner text safe to show: what {@link Text#clean} and {@link Text#oneLine} escape, and what they keep. */
@DisplayName("Text from learner code")
class TextTest {

    @Nested
    @DisplayName("cleaned shows as a visible escape")
    class Escapes {

        @Test
        @DisplayName("ESC as \\e, so no terminal sequence gets through")
        void esc() {
            assertThat(Text.clean("\u001b[31mred\u001b[0m")).isEqualTo("\\e[31mred\\e[0m");
        }

        @ParameterizedTest(name = "U+{0} as {1}")
        @CsvSource(delimiter = '|', textBlock = """
                0000 | \\x00
                0007 | \\x07
                0008 | \\x08
                000b | \\x0b
                000c | \\x0c
                000d | \\x0d
                001f | \\x1f
                007f | \\x7f
                """)
        @DisplayName("NUL, CR, DEL and the other C0 controls as \\x and their code")
        void c0(String hex, String escape) {
            assertThat(Text.clean("a" + (char) Integer.parseInt(hex, 16) + "b")).isEqualTo("a" + escape + "b");
        }

        @ParameterizedTest(name = "U+{0} as {1}")
        @CsvSource(delimiter = '|', textBlock = """
                0080 | \\x80
                0085 | \\x85
                009b | \\x9b
                009f | \\x9f
                """)
        @DisplayName("the C1 controls as \\x and their code (U+009B is a one-character CSI)")
        void c1(String hex, String escape) {
            assertThat(Text.clean((char) Integer.parseInt(hex, 16) + "[2J")).isEqualTo(escape + "[2J");
        }

        @ParameterizedTest(name = "U+{0}")
        @CsvSource({"202a", "202b", "202c", "202d", "202e", "2066", "2067", "2068", "2069", "200e", "200f"})
        @DisplayName("bidi overrides, embeddings, isolates and marks as \\u and their code (the trojan-source trick)")
        void bidi(String hex) {
            char c = (char) Integer.parseInt(hex, 16);
            assertThat(Text.clean("if (ok" + c + ") {")).isEqualTo("if (ok\\u" + hex + ") {");
        }

        @Test
        @DisplayName("a high surrogate alone, inside the text")
        void loneHigh() {
            assertThat(Text.clean("a\ud83db")).isEqualTo("a\\ud83db");
        }

        @Test
        @DisplayName("a low surrogate alone, inside the text")
        void loneLow() {
            assertThat(Text.clean("a\ude00b")).isEqualTo("a\\ude00b");
        }

        @Test
        @DisplayName("a high surrogate at the end, a low surrogate at the start, and each as the whole text")
        void atTheEnds() {
            assertThat(Text.clean("ab\ud83d")).isEqualTo("ab\\ud83d");
            assertThat(Text.clean("\ude00ab")).isEqualTo("\\ude00ab");
            assertThat(Text.clean("\ud83d")).isEqualTo("\\ud83d");
            assertThat(Text.clean("\ude00")).isEqualTo("\\ude00");
        }

        @Test
        @DisplayName("a pair in the wrong order, both halves")
        void reversedPair() {
            assertThat(Text.clean("\ude00\ud83d")).isEqualTo("\\ude00\\ud83d");
        }

        @Test
        @DisplayName("the extra half next to a whole pair, keeping the pair")
        void extraHalf() {
            assertThat(Text.clean("\ud83d\ud83d\ude00")).isEqualTo("\\ud83d😀");
            assertThat(Text.clean("\ud83d\ude00\ude00")).isEqualTo("😀\\ude00");
        }

        @Test
        @DisplayName("every control in a row, keeping the text around them")
        void mixed() {
            assertThat(Text.clean("ok\u0000\u001b\r\u007f\u0085\u202e😀\n\tend"))
                    .isEqualTo("ok\\x00\\e\\x0d\\x7f\\x85\\u202e😀\n\tend");
        }
    }

    @Nested
    @DisplayName("cleaned keeps")
    class Keeps {

        @Test
        @DisplayName("newlines and tabs")
        void newlinesAndTabs() {
            assertThat(Text.clean("a\tb\nc\n")).isEqualTo("a\tb\nc\n");
        }

        @Test
        @DisplayName("valid surrogate pairs: emoji and other characters beyond the BMP")
        void pairs() {
            assertThat(Text.clean("😀 𝄞 👍🏽")).isEqualTo("😀 𝄞 👍🏽");
        }

        @Test
        @DisplayName("accents, other scripts and symbols")
        void unicode() {
            assertThat(Text.clean("héllo wörld — 日本語 € ©")).isEqualTo("héllo wörld — 日本語 € ©");
        }

        @Test
        @DisplayName("the very same instance when there is nothing to clean")
        void sameInstance() {
            String s = new String("ran A\tthen B 😀\n");
            assertThat(Text.clean(s)).isSameAs(s);
            assertThat(Text.clean("")).isSameAs("");
        }

        @Test
        @DisplayName("a backslash as it is (only quote(...) escapes it)")
        void backslash() {
            String s = "C:\\temp\\n";
            assertThat(Text.clean(s)).isSameAs(s);
        }
    }

    @Test
    @DisplayName("that is null is shown as \"null\", cleaned or on one line")
    void nullText() {
        assertThat(Text.clean(null)).isEqualTo("null");
        assertThat(Text.oneLine(null)).isEqualTo("null");
    }

    @Nested
    @DisplayName("on one line")
    class OneLine {

        @Test
        @DisplayName("has newlines and tabs escaped as \\n and \\t")
        void escapesNewlinesAndTabs() {
            assertThat(Text.oneLine("a\nb\tc\n")).isEqualTo("a\\nb\\tc\\n").doesNotContain("\n", "\t");
        }

        @Test
        @DisplayName("is cleaned as well")
        void cleaned() {
            assertThat(Text.oneLine("\u001b[2J\r\n\u202e\ud83d")).isEqualTo("\\e[2J\\x0d\\n\\u202e\\ud83d");
        }

        @Test
        @DisplayName("keeps emoji and other text as it is")
        void keeps() {
            assertThat(Text.oneLine("ran 😀 — ok")).isEqualTo("ran 😀 — ok");
        }
    }
}
