package lab.tools;

import static lab.tools.Core.OUT;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code ./lab skeletons} command (maintainers): generate steps/ from the solutions' marked regions, and each step's IDE test class. */
@Command(name = "skeletons", mixinStandardHelpOptions = true,
        description = "Generate steps/ from the solutions' marked regions (maintainers).")
final class SkeletonsCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    Lab lab;

    @Option(names = "--check", description = "Only say which committed skeletons are stale; exit 1 if any.")
    boolean check;

    @Override
    public Integer call() throws IOException {
        Layout layout = lab.layout();
        var skeletons = new Skeletons(layout.book());
        List<String> stale = new ArrayList<>();
        for (Layout.Step step : layout.steps()) {
            Map<String, String> files = new java.util.TreeMap<>(skeletons.generate(step.solution()));
            files.putAll(Skeletons.ideTest(step)); // the IDE's Test button, generated alike
            for (var e : files.entrySet()) {
                Path f = step.skeleton().resolve(e.getKey());
                if (Files.exists(f) && Files.readString(f).equals(e.getValue())) continue;
                stale.add("steps/" + step.folder() + "/" + e.getKey());
                if (!check) {
                    Files.createDirectories(f.getParent());
                    Files.writeString(f, e.getValue());
                }
            }
            for (Path extra : Core.sources(step.skeleton())) {
                String rel = step.skeleton().relativize(extra).toString().replace('\\', '/');
                if (files.containsKey(rel)) continue;
                stale.add("steps/" + step.folder() + "/" + rel + " (not in the solution)");
                if (!check) Files.delete(extra);
            }
        }
        if (stale.isEmpty()) {
            OUT.println("skeletons: steps/ is what the solutions generate.");
            return 0;
        }
        OUT.println(check ? "skeletons: these files in steps/ are stale (run ./lab skeletons to regenerate):"
                : "skeletons: regenerated:");
        stale.forEach(s -> OUT.println("  " + s));
        return check ? 1 : 0;
    }
}
