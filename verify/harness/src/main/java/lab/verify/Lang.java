package lab.verify;

import java.util.Locale;
import java.util.Map;

/** The language a learner reads the lab in: the book, the CLI's words and the checks' messages. */
public enum Lang {
    EN(""), DE(".de"), FR(".fr");

    /** The environment variable that chooses the language when {@code --lang} does not. */
    public static final String ENV = "LAB_LANG";

    /** The system property that holds the language chosen for this JVM ({@code ./lab} sets it from {@code --lang}). */
    public static final String PROPERTY = "lab.lang";

    /** What the book's file names carry before their extension: {@code lab.de.adoc}, {@code lab.de.html}. */
    public final String suffix;

    Lang(String suffix) {
        this.suffix = suffix;
    }

    /** The language's code: {@code en}, {@code de} or {@code fr}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The language as a locale, for its bundles and for the numbers written in it (1,5 in German and French). */
    public Locale locale() {
        return Locale.of(code());
    }

    /** The rendered book in this language, relative to the lab's root folder: {@code book/target/lab.de.html}. */
    public String book() {
        return "book/target/lab" + suffix + ".html";
    }

    /** This JVM's language: the {@code lab.lang} property if set, else as {@link #choose} has it (English for a value the lab lacks). */
    public static Lang current() {
        try {
            return choose(System.getProperty(PROPERTY), System.getenv(), Locale.getDefault());
        } catch (IllegalArgumentException e) {
            return EN; // ./lab says so in one line before it gets here; a Maven run with a wrong LAB_LANG reads English
        }
    }

    /** {@code --lang} if given, else {@code LAB_LANG} if set, else the system's language if the lab has it, else English. */
    public static Lang choose(String option, Map<String, String> env, Locale system) {
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
        // said in the system's language, the one the learner did not ask for being unknown
        Lang said = choose(null, Map.of(), Locale.getDefault());
        throw new IllegalArgumentException(Words.of(Lang.class).say(said, "lang.unknown", where, text.strip()));
    }
}
