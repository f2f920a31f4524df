package lab.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** A failing check as the learner reads it: the message's layout, its cleaning, and the values an IDE diffs. */
@DisplayName("A failure")
class FailureTest {

    static final BookSection SECTION = new BookSection("step02-park");

    @Nested
    @DisplayName("tells, in its message,")
    class Layout {

        @Test
        @DisplayName("the headline first, then every row labelled and its value aligned in one column")
        void allRows() {
            String message = Failure.of("run() did not take turns.")
                    .called("run() with tasks A and B")
                    .sent("PING")
                    .expected("A then B")
                    .got("A then A")
                    .at("lab.Scheduler.run(Scheduler.java:12)")
                    .likely("the task is not put back at the end of the queue")
                    .read(SECTION)
                    .message();
            assertThat(message).isEqualTo("""
                    run() did not take turns.
                      called:    run() with tasks A and B
                      sent:      PING
                      expected:  A then B
                      got:       A then A
                      at:        lab.Scheduler.run(Scheduler.java:12)
                      likely:    the task is not put back at the end of the queue
                      read:      the book, "Step 02 › Parking and unparking a task" (book/target/lab.html#step02-park)""");
        }

        @Test
        @DisplayName("its rows in the order they were added")
        void order() {
            String message = Failure.of("h").likely("l").got("g").called("c").message();
            assertThat(message).isEqualTo("h\n  likely:    l\n  got:       g\n  called:    c");
        }

        @Test
        @DisplayName("any other labelled row, aligned the same")
        void otherRow() {
            assertThat(Failure.of("h").row("output", "ran A").got("x").message())
                    .isEqualTo("h\n  output:    ran A\n  got:       x");
        }

        @Test
        @DisplayName("a label too long for the column, with one space after it")
        void longLabel() {
            assertThat(Failure.of("h").row("differences", "line 3").message()).isEqualTo("h\n  differences: line 3");
        }

        @Test
        @DisplayName("a value of several lines with each further line indented under the first")
        void multiLine() {
            String message = Failure.of("h").got(" 1  ran A\n 2  ran B").at("lab.A.f(A.java:1)\ncalled from lab.B.g(B.java:2)").message();
            assertThat(message).isEqualTo("""
                    h
                      got:        1  ran A
                                  2  ran B
                      at:        lab.A.f(A.java:1)
                                 called from lab.B.g(B.java:2)""");
        }

        @Test
        @DisplayName("a several-line value of a long label indented under its first line")
        void multiLineLongLabel() {
            assertThat(Failure.of("h").row("differences", "a\nb").message()).isEqualTo("h\n  differences: a\n               b");
        }

        @Test
        @DisplayName("just the headline when there are no rows")
        void headlineOnly() {
            assertThat(Failure.of("Nothing else to say.").message()).isEqualTo("Nothing else to say.");
        }

        @Test
        @DisplayName("no row for a value that is null, empty or blank")
        void blankRowsLeftOut() {
            String message = Failure.of("h").called(null).sent("").expected("   ").got("\n\t").at("x").likely(null).row("output", " ").message();
            assertThat(message).isEqualTo("h\n  at:        x");
        }
    }

    @Nested
    @DisplayName("cleans control characters")
    class Cleaning {

        @Test
        @DisplayName("in its headline")
        void headline() {
            assertThat(Failure.of("\u001b[2Jrun() threw \u202eboom").message()).isEqualTo("\\e[2Jrun() threw \\u202eboom");
        }

        @Test
        @DisplayName("in its rows, keeping the layout of several lines")
        void rows() {
            String message = Failure.of("h").got("A\u0000\r\nB\u007f").row("output", "\u009b31m\ud83d").message();
            assertThat(message).isEqualTo("h\n  got:       A\\x00\\x0d\n             B\\x7f\n  output:    \\x9b31m\\ud83d");
        }

        @Test
        @DisplayName("so that no line of the message starts anywhere but where the layout puts it")
        void noStrayLineStart() {
            String message = Failure.of("h\u000bx").got("a\rb\u0085c\u2028d").message();
            assertThat(message.lines()).hasSize(2);
            assertThat(message).doesNotContain("\r", "\u000b", "\u0085");
        }
    }

    @Nested
    @DisplayName("as an error")
    class Errors {

        @Test
        @DisplayName("is an AssertionFailedError with the message, and no values unless given")
        void plain() {
            AssertionFailedError e = Failure.of("h").got("g").error();
            assertThat(e).hasMessage("h\n  got:       g");
            assertThat(e.isExpectedDefined()).isFalse();
            assertThat(e.isActualDefined()).isFalse();
        }

        @Test
        @DisplayName("carries expected and actual for an IDE's diff, cleaned")
        void values() {
            AssertionFailedError e = Failure.of("h").values("ran A\nran B", "ran A\n\u001b[31mran C").error();
            assertThat(e.isExpectedDefined()).isTrue();
            assertThat(e.getExpected().getValue()).isEqualTo("ran A\nran B");
            assertThat(e.getActual().getValue()).isEqualTo("ran A\n\\e[31mran C");
            assertThat(e).hasMessage("h");
        }

        @Test
        @DisplayName("shows values that are not strings, or null, as text")
        void otherValues() {
            AssertionFailedError e = Failure.of("h").values(List.of(1, 2), null).error();
            assertThat(e.getExpected().getValue()).isEqualTo("[1, 2]");
            assertThat(e.getActual().getValue()).isEqualTo("null");
        }

        @Test
        @DisplayName("can be thrown as it is")
        void thrown() {
            assertThatThrownBy(() -> {
                throw Failure.of("h").error();
            }).isInstanceOf(AssertionError.class).hasMessage("h");
        }
    }

    @Nested
    @DisplayName("numbers lines")
    class Numbered {

        @Test
        @DisplayName("from 1, right-aligned in two places, two spaces before each line")
        void numbered() {
            assertThat(Failure.numbered(List.of("ran A", "ran B"), 10)).isEqualTo(" 1  ran A\n 2  ran B");
        }

        @Test
        @DisplayName("up to the limit, then says how many more there are")
        void limit() {
            List<String> lines = IntStream.rangeClosed(1, 12).mapToObj(i -> "line " + i).toList();
            assertThat(Failure.numbered(lines, 10)).endsWith("10  line 10\n    ... 2 more lines").doesNotContain("line 11");
        }

        @Test
        @DisplayName("exactly at the limit, with nothing more said")
        void atLimit() {
            assertThat(Failure.numbered(List.of("a", "b"), 2)).isEqualTo(" 1  a\n 2  b");
        }

        @Test
        @DisplayName("and shows no lines as \"(nothing)\"")
        void nothing() {
            assertThat(Failure.numbered(List.of(), 10)).isEqualTo("(nothing)");
        }
    }

    @Nested
    @DisplayName("quotes a string")
    class Quote {

        @Test
        @DisplayName("in double quotes")
        void plain() {
            assertThat(Failure.quote("ran A")).isEqualTo("\"ran A\"");
        }

        @Test
        @DisplayName("with newlines and tabs shown as \\n and \\t")
        void newlines() {
            assertThat(Failure.quote("a\nb\tc")).isEqualTo("\"a\\nb\\tc\"");
        }

        @Test
        @DisplayName("with a backslash doubled, so a printed backslash-n is told apart from a newline")
        void backslash() {
            assertThat(Failure.quote("a\\nb")).isEqualTo("\"a\\\\nb\"");
            assertThat(Failure.quote("a\\nb")).isNotEqualTo(Failure.quote("a\nb"));
            assertThat(Failure.quote("\\e")).isNotEqualTo(Failure.quote("\u001b"));
        }

        @Test
        @DisplayName("with control characters escaped")
        void controls() {
            assertThat(Failure.quote("\u001b[31m\r\u0000")).isEqualTo("\"\\e[31m\\x0d\\x00\"");
        }

        @Test
        @DisplayName("with an empty string shown as two quotes")
        void empty() {
            assertThat(Failure.quote("")).isEqualTo("\"\"");
        }
    }
}
