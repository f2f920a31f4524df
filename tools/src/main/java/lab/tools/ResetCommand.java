package lab.tools;

import static lab.tools.Core.OUT;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code ./lab reset N} command: the step's skeleton back, the learner's sources saved first. */
@Command(name = "reset", mixinStandardHelpOptions = true)
final class ResetCommand implements Callable<Integer> {

    /** Where backups go, under the lab's root (ignored by git). */
    static final String BACKUPS = "backups";

    @CommandLine.ParentCommand
    Lab lab;

    @Parameters(paramLabel = "STEP")
    String which;

    @Option(names = "--yes")
    boolean yes;

    @Override
    public Integer call() throws IOException {
        Layout layout = lab.layout();
        Layout.Step step = Core.step(layout, which);
        var skeletons = new Skeletons(layout.book());
        Map<String, String> skeleton = skeletons.generate(step.solution());
        Path src = step.skeleton().resolve("src/main/java");
        if (Core.untouched(step, skeletons)) {
            OUT.println(Core.WORDS.say("reset.already", step.folder()));
            return 0;
        }
        if (!yes && !confirmed(Core.WORDS.say("reset.confirm", step.folder()) + " ")) {
            OUT.println(Core.WORDS.say("reset.nothing"));
            return 1;
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path backup = layout.root().resolve(BACKUPS).resolve(step.folder() + "-" + stamp);
        if (Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(backup);
            try (Stream<Path> walk = Files.walk(src)) {
                for (Path f : walk.toList()) {
                    Path to = backup.resolve(src.relativize(f).toString());
                    if (Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) Files.createDirectories(to);
                    else Files.copy(f, to, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            Core.deleteTree(src);
        }
        for (var e : skeleton.entrySet()) {
            Path f = step.skeleton().resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
        }
        OUT.println(Core.WORDS.say("reset.done", step.folder(),
                Files.isDirectory(backup) ? Core.WORDS.say("reset.backup", layout.root().relativize(backup)) : ""));
        return 0;
    }

    /** Yes in each of the lab's languages (y, j, o and the words); the question names its own. */
    private static final java.util.Set<String> YES = java.util.Set.of("y", "yes", "j", "ja", "o", "oui");

    /** Asks on the terminal; anything but yes, or no terminal input, is no. */
    private static boolean confirmed(String question) throws IOException {
        OUT.print(question);
        OUT.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (answer == null) OUT.println();
        return answer != null && YES.contains(answer.strip().toLowerCase(java.util.Locale.ROOT));
    }
}
