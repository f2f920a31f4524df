package lab.verify;

/** A section of the lab book, named in failure messages so the learner knows where to read. */
public record BookSection(String id, String title) {

    /** Where the rendered book lives, relative to the lab's root folder. */
    public static final String BOOK = "book/target/lab.html";

    /** What learner code may call, and why a check refuses the rest. */
    public static final BookSection RULES = new BookSection("rules", "Before you start › What your code may use");

    @Override
    public String toString() {
        return "the book, \"" + title + "\" (" + BOOK + "#" + id + ")";
    }
}
