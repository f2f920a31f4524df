package lab.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import lab.verify.Lang;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The language a learner chose: the order of --lang, LAB_LANG and the system's, the CLI's bundles, and the hints of each book. */
@DisplayName("The learner's language")
class LangTest {

    static final Layout LAYOUT = Layout.at(java.nio.file.Path.of(System.getProperty("lab.root", "..")));

    @Test
    @DisplayName("--lang wins over LAB_LANG, which wins over the system's language; a language the lab lacks is English")
    void order() {
        assertThat(Lang.choose("fr", Map.of(Lang.ENV, "de"), Locale.GERMANY)).isEqualTo(Lang.FR);
        assertThat(Lang.choose(null, Map.of(Lang.ENV, "DE"), Locale.FRANCE)).isEqualTo(Lang.DE);
        assertThat(Lang.choose(null, Map.of(Lang.ENV, " "), Locale.FRANCE)).isEqualTo(Lang.FR);
        assertThat(Lang.choose(null, Map.of(), Locale.GERMANY)).isEqualTo(Lang.DE);
        assertThat(Lang.choose(null, Map.of(), Locale.of("es"))).isEqualTo(Lang.EN);
    }

    @Test
    @DisplayName("a language the lab lacks, asked for by name, is one line saying which ones there are")
    void unknown() {
        assertThatThrownBy(() -> Lang.choose("es", Map.of(), Locale.ROOT)).hasMessage("--lang takes en, de or fr, not 'es'");
        assertThatThrownBy(() -> Lang.choose(null, Map.of(Lang.ENV, "xx"), Locale.ROOT)).hasMessage("LAB_LANG takes en, de or fr, not 'xx'");
    }

    @Test
    @DisplayName("./lab's scripts choose the language as Lang.choose does, for the lines they say before Java can")
    void scriptsChooseAlike() throws Exception {
        record Case(String args, String labLang, String systemLang) {}
        for (Case c : List.of(new Case("", null, "de_DE.UTF-8"), new Case("--lang fr", "de", "de_DE.UTF-8"),
                new Case("check 3 --lang=de", null, "fr_FR.UTF-8"), new Case("", "FR", "de_DE.UTF-8"), new Case("", null, "es_ES.UTF-8"),
                new Case("", " ", "fr_FR"), new Case("hint 2", null, "C.UTF-8"))) {
            var pb = new ProcessBuilder("bash", "-c", ". tools/say.sh && lab_lang " + c.args()).directory(LAYOUT.root().toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG") || k.equals(Lang.ENV));
            pb.environment().put("LANG", c.systemLang());
            if (c.labLang() != null) pb.environment().put(Lang.ENV, c.labLang());
            var p = pb.start();
            String said = new String(p.getInputStream().readAllBytes()).strip();
            assertThat(p.waitFor()).isZero();
            String option = c.args().contains("--lang") ? c.args().replaceAll(".*--lang[= ](\\w+).*", "$1") : null;
            var env = c.labLang() == null ? Map.<String, String>of() : Map.of(Lang.ENV, c.labLang());
            Lang chosen = Lang.choose(option, env, Locale.forLanguageTag(c.systemLang().split("[_.]")[0]));
            assertThat(said).as("lab_lang for %s", c).isEqualTo(chosen.code());
        }
    }

    @ParameterizedTest(name = "the {0} book has every step's hints, titled in its language, with the CLI's words around them")
    @EnumSource(Lang.class)
    void hintsInEveryBook(Lang lang) {
        var words = Core.WORDS.bundle(lang);
        String hint = Map.of(Lang.EN, "Hint", Lang.DE, "Hinweis", Lang.FR, "Indice").get(lang);
        for (Layout.Step step : LAYOUT.steps()) {
            var english = HintCommand.hints(LAYOUT.book(Lang.EN), step.number(), Core.WORDS.bundle(Lang.EN));
            var hints = HintCommand.hints(LAYOUT.book(lang), step.number(), words);
            assertThat(hints).as("hints of %s in lab%s.adoc", step.title(), lang.suffix).hasSameSizeAs(english).isNotEmpty();
            assertThat(hints).allSatisfy(h -> assertThat(h.title()).startsWith(hint + " " + h.number()));
        }
        assertThat(HintCommand.say(words, "hint.counter", "T", "1", "3")).startsWith("T  (1 ").endsWith(" 3)");
        assertThat(HintCommand.plain("see <<step02-run>>", words)).contains("step02-run").doesNotContain("<<");
    }
}
