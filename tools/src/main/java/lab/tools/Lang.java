package lab.tools;

import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/** The language a learner reads the lab in: the book and its hints ({@code lab.adoc}, {@code lab.de.adoc}, {@code lab.fr.adoc}) and the CLI's words around them. */
enum Lang {
    EN(""), DE(".de"), FR(".fr");

    /** The environment variable that chooses the language when {@code --lang} does not. */
    static final String ENV = "LAB_LANG";

    /** What the book's file names carry before their extension: {@code lab.de.adoc}, {@code lab.de.html}. */
    final String suffix;

    Lang(String suffix) {
        this.suffix = suffix;
    }

    /** The language's code: {@code en}, {@code de} or {@code fr}. */
    String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The CLI's words in this language (English where a key is missing). */
    ResourceBundle messages() {
        return ResourceBundle.getBundle("lab.tools.messages", Locale.of(code()), ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** {@code --lang} if given, else {@code LAB_LANG} if set, else the system's language if the lab has it, else English. */
    static Lang choose(String option, Map<String, String> env, Locale system) {
        if (option != null) return parse(option, "--lang");
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) return parse(fromEnv, ENV);
        for (Lang l : values()) {
            if (l.code().equals(system.getLanguage())) return l;
        }
        return EN;
    }

    private static Lang parse(String text, String where) {
        for (Lang l : values()) {
            if (l.code().equalsIgnoreCase(text.strip())) return l;
        }
        throw new IllegalArgumentException(where + " takes en, de or fr, not '" + text.strip() + "'");
    }
}
