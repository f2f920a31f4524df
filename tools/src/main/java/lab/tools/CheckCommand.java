package lab.tools;

import static lab.tools.Core.OUT;

import java.util.List;
import java.util.concurrent.Callable;
import org.junit.platform.launcher.TestExecutionListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The {@code ./lab check N} command: compile the learner's code of a step and run the step's verifier on it. */
@Command(name = "check", mixinStandardHelpOptions = true)
final class CheckCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    Lab lab;

    @Parameters(paramLabel = "STEP")
    String which;

    @Override
    public Integer call() {
        Layout layout = lab.layout();
        List<Layout.Step> steps = which.equalsIgnoreCase("all") ? layout.steps() : List.of(Core.step(layout, which));
        var verdicts = new Verdicts(layout);
        boolean ok = true;
        for (Layout.Step step : steps) {
            OUT.println(Core.WORDS.say("check.checking", step.title(), step.folder()));
            long start = System.nanoTime();
            Core.Outcome outcome = Core.check(step, new TestExecutionListener() {});
            verdicts.remember(step, outcome);
            ok &= Core.print(step, outcome, (System.nanoTime() - start) / 1_000_000);
        }
        return ok ? 0 : 1;
    }
}
