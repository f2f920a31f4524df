package lab.tools;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import lab.verify.Lang;
import lab.verify.Text;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code ./lab} command: where you stand, check a step (once or on every save), hints, a fresh start, runs. The
 * help texts of the commands a learner or an instructor uses are in the CLI's bundle under picocli's keys
 * ({@code lab.check.usage.description}, {@code lab.watch.poll}, {@code lab.check.STEP[0]}...), in their language.
 */
@Command(name = "lab", mixinStandardHelpOptions = true,
        subcommands = {StatusCommand.class, CheckCommand.class, WatchCommand.class, HintCommand.class, ResetCommand.class,
                RunCommand.class, JShellCommand.class, BuildCommand.class, GradeCommand.class, BenchCommand.class, SkeletonsCommand.class,
                CommandLine.HelpCommand.class})
public final class Lab implements Callable<Integer> {

    @Option(names = "--root", defaultValue = ".")
    Path root;

    @Option(names = "--lang", paramLabel = "LANG", scope = CommandLine.ScopeType.INHERIT)
    String lang;

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, where every wrong command, step or option is one line saying what to do, never a stack trace. */
    public static CommandLine commandLine() {
        var commandLine = new CommandLine(new Lab());
        commandLine.setResourceBundle(Core.WORDS.bundle(Lang.current())); // set again once --lang is known
        // ./lab run 6 --idle 5: an option that ./lab run does not know is Main's
        commandLine.getSubcommands().get("run").setUnmatchedOptionsArePositionalParams(true);
        return commandLine
                // the help and the one-line errors in UTF-8, as everything else ./lab prints (Core.OUT), whatever the terminal's locale says
                .setOut(new java.io.PrintWriter(Core.OUT, true))
                .setErr(new java.io.PrintWriter(new java.io.OutputStreamWriter(System.err, java.nio.charset.StandardCharsets.UTF_8), true))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionStrategy(parsed -> {
                    try {
                        ((Lab) parsed.commandSpec().userObject()).useLang();
                    } catch (IllegalArgumentException e) {
                        parsed.commandSpec().commandLine().getErr().println("lab: " + Text.oneLine(e.getMessage()));
                        return 2;
                    }
                    // --help in the chosen language: picocli's keys in the CLI's bundle, English underneath
                    parsed.commandSpec().commandLine().setResourceBundle(Core.WORDS.bundle(Lang.current()));
                    return new CommandLine.RunLast().execute(parsed);
                })
                .setParameterExceptionHandler((e, args) -> {
                    useLang(args); // not parsed, so the execution strategy has not chosen it: --lang as typed, if it is one
                    CommandLine cmd = e.getCommandLine();
                    String where = cmd.getCommandName().equals("lab") ? "./lab --help" : "./lab " + cmd.getCommandName() + " --help";
                    String what = e.getMessage();
                    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
                        String first = u.getUnmatched().getFirst();
                        what = first.startsWith("-") ? Core.WORDS.say("lab.unknownOption", first)
                                : !cmd.getSubcommands().isEmpty() ? Core.WORDS.say("lab.noCommand", first, String.join(", ", cmd.getSubcommands().keySet()))
                                : Core.WORDS.say("lab.unexpected", first);
                    } else if (e instanceof CommandLine.MissingParameterException m && m.getMissing().size() == 1 && what != null) {
                        // picocli's own words for one missing parameter or option, its name kept as picocli shows it
                        for (String kind : List.of("parameter", "option")) {
                            String english = "Missing required " + kind + ": "; // data: picocli's message
                            if (what.startsWith(english)) {
                                what = Core.WORDS.say("lab.missing." + kind, what.substring(english.length()));
                                break;
                            }
                        }
                    }
                    cmd.getErr().println("lab: " + Core.WORDS.say("lab.seeHelp", Text.oneLine(String.valueOf(what)), where));
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

    /**
     * Chooses this JVM's language from a command line that did not parse: its {@code --lang}, if it names one the lab
     * has, else LAB_LANG or the system's (the error is about something else; a wrong --lang is told once it parses).
     */
    static void useLang(String[] args) {
        String option = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--lang") && i + 1 < args.length) option = args[i + 1];
            else if (args[i].startsWith("--lang=")) option = args[i].substring("--lang=".length());
        }
        Lang lang;
        try {
            lang = Lang.choose(option, System.getenv(), java.util.Locale.getDefault());
        } catch (IllegalArgumentException e) {
            lang = Lang.current();
        }
        System.setProperty(Lang.PROPERTY, lang.code());
    }

    /** The lab this command works on. */
    Layout layout() {
        return Layout.at(root);
    }
}
