package lab.verify;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a verifier test the {@link Sandbox} for the learner's code under test.
 *
 * <p>The class path comes from the JUnit configuration parameter {@value Sandbox#CLASSPATH_PARAMETER} (set by
 * {@code ./lab check} and the self-test, which run a verifier against a skeleton or a solution), else from the
 * test JVM's own class path (a step's {@code mvn verify}).
 */
public final class LearnerCode implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Sandbox.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        String cp = context.getConfigurationParameter(Sandbox.CLASSPATH_PARAMETER).orElseGet(Sandbox::currentClassPath);
        return new Sandbox(cp);
    }
}
