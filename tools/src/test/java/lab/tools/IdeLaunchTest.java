package lab.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lab.verify.Sandbox;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The IDE's Run and Debug: step 01's launch configuration, started as the Java debugger starts it (its vmArgs, the
 * step's classes and the generators on the class path, its mainClass, in its cwd), runs Main on continuations; the
 * same launch without its vmArgs falls back to threads with the generators' notice, so the flag is what counts.
 */
@DisplayName("The IDE's Run and Debug of a step's Main")
class IdeLaunchTest {

    static final Layout LAYOUT = Layout.at(Path.of(System.getProperty("lab.root", "..")));

    /** The first words of the generators' notice when a JVM lacks the flag (lab.gen.Implementations). */
    static final String FALLBACK = "lab.gen: generators run on threads here";

    @Test
    @DisplayName("step 01's configuration runs the solution's Main on continuations; without its vmArgs, the same run prints the threads notice")
    void launchCarriesTheFlag() throws Exception {
        Layout.Step step = LAYOUT.step(1);
        JsonNode config = null;
        for (JsonNode c : ConfigFilesTest.file(".vscode/launch.json").path("configurations")) {
            if (c.path("projectName").asText().equals(ConfigFilesTest.artifactId(step.skeleton().resolve("pom.xml")))) config = c;
        }
        assertThat(config).as("step 01's launch configuration").isNotNull();
        List<String> vmArgs = Arrays.asList(config.path("vmArgs").asText().strip().split("\\s+"));
        Path cwd = Path.of(config.path("cwd").asText().replace("${workspaceFolder}", LAYOUT.root().toString()));
        try (var code = Checker.compile(step, step.solution().resolve("src/main/java"))) {
            String classPath = code.classes() + File.pathSeparator + Sandbox.generators();
            String with = run(vmArgs, classPath, config.path("mainClass").asText(), cwd);
            assertThat(with).as("Main's output with the configuration's vmArgs").contains("T-minus 1", "Up we go 19", "Task done")
                    .doesNotContain(FALLBACK);
            String without = run(List.of(), classPath, config.path("mainClass").asText(), cwd);
            assertThat(without).as("Main's output without them").contains(FALLBACK, "Task done");
        }
    }

    /** Runs a main class in a JVM of its own, killed after 30 s; its output, once it exited 0. */
    static String run(List<String> vmArgs, String classPath, String mainClass, Path cwd) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(vmArgs);
        cmd.addAll(List.of("-cp", classPath, mainClass));
        Path out = Files.createTempFile("lab-launch-", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("Main did not end within 30 s: " + cmd);
            }
            String text = Files.readString(out);
            assertThat(p.exitValue()).as("exit code of " + cmd + "; output:\n" + text).isZero();
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
