package lab.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The skeleton generator: what it makes of marked regions, and how it refuses bad markers. */
@DisplayName("The skeleton generator")
class SkeletonsTest {

    @TempDir
    static Path dir;
    static Skeletons skeletons;

    @BeforeAll
    static void book() throws Exception {
        Path book = dir.resolve("lab.adoc");
        Files.writeString(book, """
                = The book

                [[step01-run]]
                === The run loop

                text
                """);
        skeletons = new Skeletons(book);
    }

    @Test
    @DisplayName("turns a region into a TODO naming the method and the book section, and drops book tags")
    void region() {
        String out = skeletons.skeleton("A.java", """
                class A {
                    // tag::run[]
                    void run() {
                        // BEGIN SOLUTION run() [step01-run]: resume each task once
                        work();
                        // END SOLUTION
                    }
                    // end::run[]
                }
                """);
        assertThat(out).isEqualTo("""
                class A {
                    void run() {
                        // TODO run(): resume each task once
                        //      Book: "The run loop" (book/target/lab.html#step01-run)
                        throw new UnsupportedOperationException("TODO run(): not written yet; see the book, \\"The run loop\\" (book/target/lab.html#step01-run)");
                    }
                }
                """);
    }

    @Test
    @DisplayName("refuses a region that names a section the book does not have")
    void unknownSection() {
        assertThatThrownBy(() -> skeletons.skeleton("A.java", "// BEGIN SOLUTION f() [nowhere]: x\n// END SOLUTION\n"))
                .hasMessageContaining("A.java:1").hasMessageContaining("[nowhere] is not in lab.adoc");
    }

    @Test
    @DisplayName("refuses an unclosed region, a stray END and a malformed BEGIN, with file and line")
    void badMarkers() {
        assertThatThrownBy(() -> skeletons.skeleton("A.java", "x\n// BEGIN SOLUTION f() [step01-run]: y\n"))
                .hasMessageContaining("A.java:2").hasMessageContaining("never closed");
        assertThatThrownBy(() -> skeletons.skeleton("A.java", "// END SOLUTION\n"))
                .hasMessageContaining("A.java:1").hasMessageContaining("without a BEGIN");
        assertThatThrownBy(() -> skeletons.skeleton("A.java", "// BEGIN SOLUTION\n// END SOLUTION\n"))
                .hasMessageContaining("must read");
    }

    @Test
    @DisplayName("gives a step's IDE test class: in the verifier's package, extending the verifier, and nothing else")
    void ideTest() {
        var step = new Layout.Step(3, "echo-server", dir.resolve("steps/03-echo-server"), dir.resolve("solutions/03-echo-server"));
        var files = Skeletons.ideTest(step);
        assertThat(files).containsOnlyKeys("src/test/java/lab/verify/step03/Step03Test.java");
        String text = files.values().iterator().next();
        assertThat(text).startsWith("package lab.verify.step03;\n").contains("./lab check 3")
                .endsWith("\nclass Step03Test extends Step03Verifier {}\n");
        assertThat(text.lines().filter(l -> !l.isBlank() && !l.startsWith("/") && !l.startsWith("package"))).hasSize(1);
    }

    @Test
    @DisplayName("reads section titles from [[id]] and [#id] anchors")
    void titles() throws Exception {
        Path book = dir.resolve("two.adoc");
        Files.writeString(book, "[#a-b]\n== First\n\n[[c]]\n=== Second\n");
        assertThat(new Skeletons(book).sections()).containsEntry("a-b", "First").containsEntry("c", "Second");
    }
}
