package lab.verify;

/**
 * A section of the lab book, named in failure messages so the learner knows where to read: its anchor, and its
 * title in each book from this package's words ({@code section.ID}).
 */
public record BookSection(String id) {

    /** Where the English book lives, relative to the lab's root folder (each language's: {@link Lang#book()}). */
    public static final String BOOK = "book/target/lab.html";

    /** What learner code may call, and why a check refuses the rest. */
    public static final BookSection RULES = new BookSection("rules");

    /** Where the book says what a server does when accept() fails for want of descriptors (ServerRun says it too). */
    public static final BookSection DESCRIPTORS = new BookSection("step04-descriptors");

    private static final Words WORDS = Words.of(BookSection.class);

    private static final java.util.regex.Pattern NAMED =
            java.util.regex.Pattern.compile("see the book, \"([^\"]+)\" \\(" + java.util.regex.Pattern.quote(BOOK) + "#([\\w-]+)\\)"); // data

    /** The section a text names as {@code see the book, "Title" (book/target/lab.html#id)}, as a skeleton's TODO does. */
    static java.util.Optional<BookSection> named(String text) {
        var m = NAMED.matcher(text == null ? "" : text);
        return m.find() ? java.util.Optional.of(new BookSection(m.group(2))) : java.util.Optional.empty();
    }

    /** The section's title in this JVM's language, as its book has it ("Step 01 › The run loop"). */
    public String title() {
        return WORDS.find("section." + id).orElse(id);
    }

    @Override
    public String toString() {
        Lang lang = Lang.current();
        return WORDS.say(lang, "section.read", title(), lang.book(), id);
    }
}
