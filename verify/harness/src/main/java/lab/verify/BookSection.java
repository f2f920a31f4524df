package lab.verify;

/** A section of the lab book, named in failure messages so the learner knows where to read. */
public record BookSection(String id, String title) {

    /** Where the rendered book lives, relative to the lab's root folder. */
    public static final String BOOK = "book/target/lab.html";

    /** What learner code may call, and why a check refuses the rest. */
    public static final BookSection RULES = new BookSection("rules", "Before you start › What your code may use");

    /** Where the book says what a server does when accept() fails for want of descriptors (ServerRun says it too). */
    public static final BookSection DESCRIPTORS = new BookSection("step04-descriptors", "Step 04 › When descriptors run out");

    private static final java.util.regex.Pattern NAMED =
            java.util.regex.Pattern.compile("see the book, \"([^\"]+)\" \\(" + java.util.regex.Pattern.quote(BOOK) + "#([\\w-]+)\\)");

    /** The section a text names as {@code see the book, "Title" (book/target/lab.html#id)}, as a skeleton's TODO does. */
    static java.util.Optional<BookSection> named(String text) {
        var m = NAMED.matcher(text == null ? "" : text);
        return m.find() ? java.util.Optional.of(new BookSection(m.group(2), m.group(1))) : java.util.Optional.empty();
    }

    @Override
    public String toString() {
        return "the book, \"" + title + "\" (" + BOOK + "#" + id + ")";
    }
}
