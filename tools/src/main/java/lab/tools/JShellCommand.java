package lab.tools;

import static lab.tools.Core.OUT;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import lab.verify.Lang;
import lab.verify.Sandbox;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code ./lab jshell N} command: jshell on a step's classes, with the step's script of things to try run first. */
@Command(name = "jshell", mixinStandardHelpOptions = true)
final class JShellCommand implements Callable<Integer> {

    /**
     * What jshell's remote JVM (where snippets run) needs so that generators run on continuations; without it they
     * fall back to threads with a notice. jshell's own {@code --add-exports java.base/jdk.internal.vm} has the same
     * effect at run time and also lets snippets compile against jdk.internal.vm, which learners' snippets never do.
     */
    static final String RUNTIME_EXPORTS = "-R--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED";

    @CommandLine.ParentCommand
    Lab lab;

    @Parameters(index = "0", paramLabel = "STEP")
    String which;

    @Option(names = "--solution")
    boolean solution;

    @Override
    public Integer call() throws Exception {
        Layout layout = lab.layout();
        Layout.Step step = Core.step(layout, which);
        Path dir = solution ? step.solution() : step.skeleton();
        // a folder of its own: "./lab run" or another jshell in another terminal must not delete these classes
        Path classes = Files.createTempDirectory("lab-jshell-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Core.deleteTree(classes), "lab-jshell-scratch"));
        if (!Core.compileOrExplain(dir, classes)) return 1;
        Path jshell = jshellBinary();
        if (jshell == null) {
            OUT.println(Core.WORDS.say("jshell.none", System.getProperty("java.home")));
            return 1;
        }
        Path script = script(layout, step);
        if (!Files.isRegularFile(script)) {
            OUT.println(Core.WORDS.say("jshell.noScript", layout.root().relativize(script)));
            script = null;
        }
        String code = layout.root().relativize(dir).toString().replace('\\', '/');
        List<String> cmd = command(jshell, classes, Sandbox.generators().toString(), script, code);
        return new ProcessBuilder(cmd).inheritIO().start().waitFor();
    }

    /** The step's jshell script in the learner's language ({@link Lang#current()}), see {@link #script(Layout, Layout.Step, Lang)}. */
    static Path script(Layout layout, Layout.Step step) {
        return script(layout, step, Lang.current());
    }

    /**
     * The step's jshell script in this language: {@code jshell/01.de.jsh} for step 1 in German, or the English
     * {@code jshell/01.jsh} if there is no such translation (English has no suffix).
     */
    static Path script(Layout layout, Layout.Step step, Lang lang) {
        Path folder = layout.root().resolve("jshell");
        Path translated = folder.resolve("%02d%s.jsh".formatted(step.number(), lang.suffix));
        return Files.isRegularFile(translated) ? translated : folder.resolve("%02d.jsh".formatted(step.number()));
    }

    /** This JDK's jshell, or null if there is none. */
    static Path jshellBinary() {
        Path bin = Path.of(System.getProperty("java.home"), "bin");
        for (String name : List.of("jshell", "jshell.exe")) {
            if (Files.isExecutable(bin.resolve(name))) return bin.resolve(name);
        }
        return null;
    }

    /**
     * The jshell command line: the step's classes before the tool's class path (which brings lab.gen), the export
     * for the snippets' JVM, then jshell's usual imports and the step's script (null for none) as startup, so that
     * {@code /reset} brings both back. {@code code} names the folder of the classes, for the script's banner.
     */
    static List<String> command(Path jshell, Path classes, String toolClassPath, Path script, String code) {
        List<String> cmd = new ArrayList<>(List.of(jshell.toString(),
                "--class-path", classes + File.pathSeparator + toolClassPath,
                RUNTIME_EXPORTS,
                // jshell's own JVM only compiles snippets: without C2 it starts a second or two sooner here
                "-J-XX:TieredStopAtLevel=1",
                // no JVM the lab starts accepts an attaching agent
                "-J-XX:+DisableAttachMechanism", "-R-XX:+DisableAttachMechanism",
                // jshell's terminal in UTF-8, as everything ./lab prints, whatever the terminal's locale: with LANG=C it
                // showed a translated script's é and ä as ?, and read what the learner typed as bytes, not characters
                "-J-Dstdout.encoding=UTF-8", "-J-Dstdin.encoding=UTF-8",
                "-R-Dlab.jshell.code=" + code,
                "--startup", "DEFAULT"));
        if (script != null) cmd.addAll(List.of("--startup", script.toString()));
        return cmd;
    }
}
