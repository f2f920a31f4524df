package lab.tools;

import static lab.tools.Core.OUT;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import lab.verify.Sandbox;
import lab.verify.Text;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code ./lab run N} command: compile a step's code (or its reference solution) and run its Main. */
@Command(name = "run", mixinStandardHelpOptions = true)
final class RunCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    Lab lab;

    @Parameters(index = "0", paramLabel = "STEP")
    String which;

    @Parameters(index = "1..*", paramLabel = "ARGS")
    List<String> args = new ArrayList<>();

    @Option(names = "--solution")
    boolean solution;

    @Override
    public Integer call() throws Exception {
        Layout.Step step = Core.step(lab.layout(), which);
        Path dir = solution ? step.solution() : step.skeleton();
        OUT.println(solution ? Core.WORDS.say("run.solution", step.title(), step.folder())
                : Core.WORDS.say("run.yours", step.title(), step.folder()));
        // a folder of its own per run: two runs at once must not delete each other's classes
        Path classes = Files.createTempDirectory("lab-run-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Core.deleteTree(classes), "lab-run-scratch"));
        if (!Core.compileOrExplain(dir, classes)) return 1;
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-XX:+DisableAttachMechanism",
                "-cp", classes + File.pathSeparator + Sandbox.generators(), "lab.Main"));
        cmd.addAll(args);
        // its output goes through here, so that a task's failure, which run() only logs, is the run's exit code
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        // Ctrl-C or an IDE's Stop ends this JVM: take the program with it
        Thread stop = new Thread(p::destroyForcibly, "lab-run-cleanup");
        Runtime.getRuntime().addShutdownHook(stop);
        String failed = null;
        try (var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                OUT.println(Text.clean(line));
                if (failed == null && line.startsWith("Task failed")) failed = line;
            }
        }
        int code = p.waitFor();
        Runtime.getRuntime().removeShutdownHook(stop);
        if (code == 0 && failed != null) {
            OUT.println(Core.WORDS.say("run.taskFailed", Text.oneLine(failed)));
            return 1;
        }
        return code;
    }
}
