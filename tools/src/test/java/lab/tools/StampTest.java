package lab.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tools/stamp.sh}, which tells {@code ./lab} when to rebuild: by checksums, so that a class planted among
 * the tool's classes or a jar swapped under it makes the lab rebuild from scratch, as a changed source does.
 * Run on a small tree shaped like the lab's.
 */
@DisplayName("./lab's build stamp")
class StampTest {

    static final Path SCRIPT = Path.of(System.getProperty("lab.root", "..")).toAbsolutePath().normalize().resolve("tools/stamp.sh");

    @TempDir
    Path lab;

    @BeforeEach
    void aBuiltLab() throws Exception {
        write("pom.xml", "<project/>");
        write("lab.adoc", "= The book");
        write("generators/src/main/java/lab/gen/Generator.java", "class Generator {}");
        write("tools/target/classes/lab/tools/Lab.class", "compiled");
        write("deps/picocli.jar", "a jar");
        write("tools/target/classpath.txt", lab.resolve("deps/picocli.jar").toString());
        write("generators/target/classes/Ignored.class", "build output is not a source");
    }

    @Test
    @DisplayName("says the lab is not built until a stamp is written, then that it is current")
    void notBuiltThenCurrent() throws Exception {
        assertThat(stale()).isEqualTo("not built yet");
        bash("lab_write_stamp");
        assertThat(stale()).isEmpty();
    }

    @Test
    @DisplayName("a changed source: rebuild")
    void changedSource() throws Exception {
        bash("lab_write_stamp");
        write("generators/src/main/java/lab/gen/Generator.java", "class Generator { int changed; }");
        assertThat(stale()).isEqualTo("its sources changed");
    }

    @Test
    @DisplayName("a class planted among the tool's classes, or a class changed there: rebuild from scratch")
    void plantedClass() throws Exception {
        bash("lab_write_stamp");
        write("tools/target/classes/lab/tools/Evil.class", "planted");
        assertThat(stale()).startsWith("its built classes or jars are not what the last build made");
        Files.delete(lab.resolve("tools/target/classes/lab/tools/Evil.class"));
        assertThat(stale()).isEmpty();
        write("tools/target/classes/lab/tools/Lab.class", "rewritten");
        assertThat(stale()).startsWith("its built classes or jars");
    }

    @Test
    @DisplayName("a jar on the tool's class path swapped: rebuild from scratch")
    void swappedJar() throws Exception {
        bash("lab_write_stamp");
        write("deps/picocli.jar", "another jar");
        assertThat(stale()).startsWith("its built classes or jars");
    }

    @Test
    @DisplayName("a changed source of the bench, or its jar swapped or gone: rebuild (./lab bench runs that jar)")
    void bench() throws Exception {
        write("bench/src/main/java/lab/bench/server/ServerBench.java", "class ServerBench {}");
        write("bench/target/benchmarks.jar", "the bench");
        bash("lab_write_stamp");
        assertThat(stale()).isEmpty();
        write("bench/src/main/java/lab/bench/server/ServerBench.java", "class ServerBench { int changed; }");
        assertThat(stale()).isEqualTo("its sources changed");
        bash("lab_write_stamp");
        write("bench/target/benchmarks.jar", "another bench");
        assertThat(stale()).startsWith("its built classes or jars");
        Files.delete(lab.resolve("bench/target/benchmarks.jar"));
        assertThat(stale()).startsWith("its built classes or jars");
    }

    @Test
    @DisplayName("a new timestamp on the same files is not a change")
    void touchedIsNotChanged() throws Exception {
        bash("lab_write_stamp");
        Files.setLastModifiedTime(lab.resolve("tools/target/classes/lab/tools/Lab.class"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        assertThat(stale()).isEmpty();
    }

    private String stale() throws Exception {
        return bash("lab_stale");
    }

    private String bash(String command) throws Exception {
        var pb = new ProcessBuilder(List.of("bash", "-c", ". \"$0\" && " + command, SCRIPT.toString()))
                .directory(lab.toFile()).redirectErrorStream(true);
        pb.environment().put("LAB_LANG", "en"); // the script's words in English, whatever the machine's language
        var p = pb.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    private void write(String path, String text) throws Exception {
        Path f = lab.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }
}
