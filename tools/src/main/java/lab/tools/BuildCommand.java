package lab.tools;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./lab build} command: the script rebuilds the lab from scratch first; then this shows where you stand. */
@Command(name = "build", mixinStandardHelpOptions = true)
final class BuildCommand implements Callable<Integer> {

    @CommandLine.ParentCommand
    Lab lab;

    @Override
    public Integer call() {
        return new StatusCommand().show(lab.layout(), lab.lang());
    }
}
