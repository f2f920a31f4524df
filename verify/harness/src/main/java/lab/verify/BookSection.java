package lab.verify;

/** A section of the lab book, named in failure messages so the learner knows where to read. */
public record BookSection(String id, String title) {

    /** Where the rendered book lives, relative to the lab's root folder. */
    public static final String BOOK = "book/target/lab.html";

    @Override
    public String toString() {
        return "the book, \"" + title + "\" (" + BOOK + "#" + id + ")";
    }
}
