package lab.verify;

import java.util.MissingResourceException;
import java.util.Optional;
import java.util.ResourceBundle;

/**
 * A package's learner-facing words in the learner's language: {@code messages.properties} beside its classes
 * (English), {@code messages_de.properties} and {@code messages_fr.properties} (UTF-8), English where a key is
 * missing. In a text, {@code {0}}, {@code {1}}... are the arguments, and nothing else is special (an apostrophe is
 * an apostrophe).
 */
public final class Words {

    private static final ResourceBundle.Control NO_SYSTEM_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final String bundle;
    private final ClassLoader loader;

    private Words(Class<?> owner) {
        this.bundle = owner.getPackageName() + ".messages";
        this.loader = owner.getClassLoader();
    }

    /** The words of {@code owner}'s package. */
    public static Words of(Class<?> owner) {
        return new Words(owner);
    }

    /** The text of {@code key} in this JVM's language ({@link Lang#current()}), its placeholders filled. */
    public String say(String key, Object... args) {
        return say(Lang.current(), key, args);
    }

    /** The text of {@code key} in {@code lang}, its placeholders filled; a key missing in English is the lab's bug. */
    public String say(Lang lang, String key, Object... args) {
        return format(bundle(lang).getString(key), args);
    }

    /** The text of {@code key} in this JVM's language, if the package has that key. */
    public Optional<String> find(String key, Object... args) {
        try {
            return Optional.of(say(key, args));
        } catch (MissingResourceException e) {
            return Optional.empty();
        }
    }

    /** The bundle of {@code lang}, English underneath; never the system's language instead of English. */
    public ResourceBundle bundle(Lang lang) {
        return ResourceBundle.getBundle(bundle, lang.locale(), loader, NO_SYSTEM_FALLBACK);
    }

    /** {@code pattern} with each {@code {n}} replaced by {@code args[n]} as text; any other brace is left as it is. */
    public static String format(String pattern, Object... args) {
        var sb = new StringBuilder(pattern.length() + 32);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            int close = c == '{' ? pattern.indexOf('}', i) : -1;
            if (close > i + 1 && pattern.substring(i + 1, close).chars().allMatch(Character::isDigit) && close - i <= 3) {
                int n = Integer.parseInt(pattern, i + 1, close, 10);
                if (n < args.length) {
                    sb.append(args[n]);
                    i = close;
                    continue;
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
