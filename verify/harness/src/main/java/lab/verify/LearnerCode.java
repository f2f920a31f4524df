package lab.verify;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a verifier test the {@link Sandbox} for the learner's code under test, once {@link Rules} has let it
 * through: code that uses what the lab does not allow fails every check with the same message, and never runs.
 *
 * <p>The classes folder comes from the JUnit configuration parameter (or system property)
 * {@value Sandbox#CLASSES_PARAMETER}: {@code ./lab check} and the self-test set it to what they compiled, a step's
 * {@code mvn verify} to the step's {@code target/classes}.
 */
public final class LearnerCode implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Sandbox.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Path classes = context.getConfigurationParameter(Sandbox.CLASSES_PARAMETER).map(Path::of).orElse(null);
        Set<String> given = context.getConfigurationParameter(Sandbox.GIVEN_PARAMETER)
                .map(s -> Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).collect(Collectors.toSet()))
                .orElse(Sandbox.DEFAULT_GIVEN);
        boolean rules = !context.getConfigurationParameter(Sandbox.RULES_PARAMETER).orElse("on").equals("off");
        return new Sandbox(classes, given, rules).requireAllowed();
    }
}
