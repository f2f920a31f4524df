package lab.tools;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import lab.verify.Lang;
import lab.verify.Text;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code ./lab} command: where you stand, check a step (once or on every save), hints, a fresh start, runs. */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = "Build a network server out of generators: your progress, checks and demos.",
        subcommands = {StatusCommand.class, CheckCommand.class, WatchCommand.class, HintCommand.class, ResetCommand.class,
                RunCommand.class, JShellCommand.class, BuildCommand.class, GradeCommand.class, BenchCommand.class, SkeletonsCommand.class,
                CommandLine.HelpCommand.class})
public final class Lab implements Callable<Integer> {

    @Option(names = "--root", defaultValue = ".", description = "The lab's root folder (default: the current folder).")
    Path root;

    @Option(names = "--lang", paramLabel = "LANG", scope = CommandLine.ScopeType.INHERIT,
            description = "The language of the book and its hints: en, de or fr (default: $LAB_LANG, else the system's language).")
    String lang;

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, where every wrong command, step or option is one line saying what to do, never a stack trace. */
    public static CommandLine commandLine() {
        var commandLine = new CommandLine(new Lab());
        // ./lab run 6 --idle 5: an option that ./lab run does not know is Main's
        commandLine.getSubcommands().get("run").setUnmatchedOptionsArePositionalParams(true);
        return commandLine
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionStrategy(parsed -> {
                    try {
                        ((Lab) parsed.commandSpec().userObject()).useLang();
                    } catch (IllegalArgumentException e) {
                        parsed.commandSpec().commandLine().getErr().println("lab: " + Text.oneLine(e.getMessage()));
                        return 2;
                    }
                    return new CommandLine.RunLast().execute(parsed);
                })
                .setParameterExceptionHandler((e, args) -> {
                    CommandLine cmd = e.getCommandLine();
                    String where = cmd.getCommandName().equals("lab") ? "./lab --help" : "./lab " + cmd.getCommandName() + " --help";
                    String what = e.getMessage();
                    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
                        String first = u.getUnmatched().getFirst();
                        what = first.startsWith("-") ? "unknown option '" + first + "'"
                                : !cmd.getSubcommands().isEmpty() ? "there is no command '" + first + "'; the commands are "
                                + String.join(", ", cmd.getSubcommands().keySet())
                                : "unexpected argument '" + first + "'";
                    }
                    cmd.getErr().println("lab: " + Text.oneLine(what) + " (see " + where + ")");
                    return 2;
                })
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    // a wrong step number, a missing folder, a file that cannot be read: one line, never a stack trace
                    String what = e instanceof IllegalArgumentException || e instanceof IllegalStateException
                            ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
                    cmd.getErr().println("lab: " + Text.oneLine(String.valueOf(what)));
                    return e instanceof IllegalArgumentException ? 2 : 1;
                });
    }

    @Override
    public Integer call() {
        return new StatusCommand().show(layout(), lang());
    }

    /** The language chosen by --lang, LAB_LANG or the system (see {@link Lang#choose}). */
    Lang lang() {
        return Lang.choose(lang, System.getenv(), java.util.Locale.getDefault());
    }

    /** Chooses this JVM's language ({@link Lang#current()}) for the command about to run: the checks' words follow it. */
    void useLang() {
        System.setProperty(Lang.PROPERTY, lang().code());
    }

    /** The lab this command works on. */
    Layout layout() {
        return Layout.at(root);
    }
}
