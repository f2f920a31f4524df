package lab.verify;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Gives a check what it runs against: the {@link Sandbox} for the learner's code (once {@link Rules} has let it
 * through: code that uses what the lab does not allow fails every check with the same message, and never runs),
 * and for a group of {@link ServerChecks}, the learner's server started ({@link ServerRun}) or a {@link Client}
 * connected to it, both stopped after the check. A check against a server that died fails with why it died.
 *
 * <p>The classes folder comes from the JUnit configuration parameter (or system property)
 * {@value Sandbox#CLASSES_PARAMETER}: {@code ./lab check} and the self-test set it to what they compiled, a step's
 * {@code mvn verify} to the step's {@code target/classes}. Without it (an IDE's Test button on a step's
 * {@code StepNNTest}) it is the folder the class path holds the step's {@code lab/Main.class} in, where the IDE
 * compiled the learner's code.
 */
public final class LearnerCode implements ParameterResolver, TestExecutionExceptionHandler, AfterTestExecutionCallback {

    private static final Words WORDS = Words.of(LearnerCode.class);

    private static final ExtensionContext.Namespace HERE = ExtensionContext.Namespace.create(LearnerCode.class);

    /** How long a client gets to connect to the learner's server. */
    static final Duration CONNECT = Duration.ofSeconds(5);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        boolean serves = context.getTestInstance().map(i -> i instanceof ServerChecks).orElse(false);
        return type == Sandbox.class || serves && (type == ServerRun.class || type == Client.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == Sandbox.class) return sandbox(context);
        ServerRun server = server(context);
        if (type == ServerRun.class) return server;
        Client client = Client.connect(server.port(), CONNECT, server.section());
        context.getStore(HERE).put(new Object(), (AutoCloseable) client::close); // the store closes what it holds at the check's end
        return client;
    }

    /** A check that failed against a server whose JVM has ended fails instead with why it ended (a TODO, an exception). */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        Started started = context.getStore(HERE).get(Started.class, Started.class);
        throw started == null ? thrown : started.server().explain(thrown, null);
    }

    /**
     * A check whose clients were answered while the learner's server JVM was gone fails all the same: the answers
     * came from someone else (a server that names another process's port, then exits), or the server died.
     */
    @Override
    public void afterTestExecution(ExtensionContext context) {
        Started started = context.getStore(HERE).get(Started.class, Started.class);
        if (started == null || context.getExecutionException().isPresent()) return;
        started.server().requireAlive(WORDS.say("LearnerCode.duringCheck"), null);
    }

    private static Sandbox sandbox(ExtensionContext context) {
        Path classes = context.getConfigurationParameter(Sandbox.CLASSES_PARAMETER).map(Path::of).orElseGet(LearnerCode::onClassPath);
        Set<String> given = context.getConfigurationParameter(Sandbox.GIVEN_PARAMETER)
                .map(s -> Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).collect(Collectors.toSet()))
                .orElse(Sandbox.DEFAULT_GIVEN);
        boolean rules = !context.getConfigurationParameter(Sandbox.RULES_PARAMETER).orElse("on").equals("off");
        return new Sandbox(classes, given, rules).requireAllowed();
    }

    /** The classes folder that holds {@code lab/Main.class} on this JVM's class path, or null if none does (or it is in a jar). */
    static Path onClassPath() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        URL main = (loader != null ? loader : LearnerCode.class.getClassLoader()).getResource("lab/Main.class");
        if (main == null || !main.getProtocol().equals("file")) return null;
        try {
            return Path.of(main.toURI()).getParent().getParent();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The learner's server of this check, started on first use and stopped with the check. */
    private static ServerRun server(ExtensionContext context) {
        var checks = (ServerChecks) context.getRequiredTestInstance();
        return context.getStore(HERE).getOrComputeIfAbsent(Started.class, k -> new Started(checks.startServer(sandbox(context))),
                Started.class).server();
    }

    /** A started server in the check's store, stopped when the check ends. */
    private record Started(ServerRun server) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }
}
