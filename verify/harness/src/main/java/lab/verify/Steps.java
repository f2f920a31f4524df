package lab.verify;

import java.lang.reflect.Method;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Tag;

/**
 * How a step's verifier lays out its checks, so that carrying a group of checks into a later step is one line
 * ({@code @Nested class Step01RunLoop extends Step01Checks.RunLoop {}}): a group is named after its
 * {@code @DisplayName}, prefixed "still true from step NN" when it comes from an earlier step; and a step's own groups
 * run and report first, in the order of their hints, then the carried ones, by step. Set as the JUnit defaults in
 * this module's {@code junit-platform.properties}.
 */
public final class Steps {

    private static final Pattern STEP_PACKAGE = Pattern.compile("^lab\\.(?:verify|hidden)\\.step(\\d\\d)(?:\\.|$)");
    private static final Pattern HINT = Pattern.compile("^hint-(\\d+)$");

    private Steps() {}

    /** The step a class belongs to, from its package ({@code lab.verify.step03} or {@code lab.hidden.step03}), or 0. */
    static int stepOf(Class<?> type) {
        Matcher m = STEP_PACKAGE.matcher(type.getPackageName() + ".");
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** The group of checks a nested class of a verifier runs: its superclass when that is a group of some step's checks. */
    static Class<?> group(Class<?> nested) {
        Class<?> s = nested.getSuperclass();
        return s != null && stepOf(s) > 0 ? s : nested;
    }

    /**
     * Names a step's verifier, its groups and its checks in the learner's language, from the words of the package that
     * declares each ({@code name.Step03Verifier}, {@code name.Echo}, {@code name.Echo.echoesHello}; see {@link Words}),
     * else by its {@code @DisplayName}; a carried group "still true from step NN: ..."; a test class with no name of its
     * own that extends a step's verifier (a step's IDE test class, {@code StepNNTest extends StepNNVerifier}) as that
     * class; anything else as JUnit would.
     */
    public static final class Names extends DisplayNameGenerator.Standard {

        @Override
        public String generateDisplayNameForClass(Class<?> testClass) {
            for (Class<?> c = testClass; c != null && stepOf(c) > 0; c = c.getSuperclass()) {
                var name = name(c, "name." + c.getSimpleName());
                if (name.isPresent()) return name.get();
            }
            return super.generateDisplayNameForClass(testClass);
        }

        @Override
        public String generateDisplayNameForNestedClass(List<Class<?>> enclosingInstanceTypes, Class<?> nestedClass) {
            Class<?> group = group(nestedClass);
            var name = name(group, "name." + group.getSimpleName());
            if (name.isEmpty()) return super.generateDisplayNameForNestedClass(enclosingInstanceTypes, nestedClass);
            int from = stepOf(group), here = stepOf(nestedClass);
            return from == here || here == 0 || group == nestedClass ? name.get()
                    : WORDS.say("group.carried", "%02d".formatted(from), name.get());
        }

        @Override
        public String generateDisplayNameForMethod(List<Class<?>> enclosingInstanceTypes, Class<?> testClass, Method testMethod) {
            Class<?> owner = testMethod.getDeclaringClass();
            return name(owner, "name." + owner.getSimpleName() + "." + testMethod.getName())
                    .orElseGet(() -> super.generateDisplayNameForMethod(enclosingInstanceTypes, testClass, testMethod));
        }

        /** A step class's name for {@code key} in its package's words, else its {@code @DisplayName}. */
        private static Optional<String> name(Class<?> type, String key) {
            if (stepOf(type) == 0) return Optional.empty();
            return Words.of(type).find(key).or(() -> Optional.ofNullable(type.getAnnotation(DisplayName.class)).map(DisplayName::value));
        }
    }

    private static final Words WORDS = Words.of(Steps.class);

    /**
     * Orders a group's checks as its source does (javac writes methods in source order; reflection promises no order),
     * a superclass's before its subclass's: the checks read in the order they were written, simple first.
     */
    public static final class SourceOrder implements org.junit.jupiter.api.MethodOrderer {

        @Override
        public void orderMethods(org.junit.jupiter.api.MethodOrdererContext context) {
            context.getMethodDescriptors().sort(Comparator
                    .comparingInt((org.junit.jupiter.api.MethodDescriptor d) -> depth(d.getMethod().getDeclaringClass()))
                    .thenComparingInt(d -> position(d.getMethod())));
        }

        /**
         * No execution mode of its own: JUnit would run a group's checks on one thread because they are ordered, but
         * the order is only the report's, which the checker keeps, so checks may run at once where the checker asks.
         */
        @Override
        public java.util.Optional<org.junit.jupiter.api.parallel.ExecutionMode> getDefaultExecutionMode() {
            return java.util.Optional.empty();
        }

        private static int depth(Class<?> type) {
            int depth = 0;
            for (Class<?> c = type; c != null; c = c.getSuperclass()) depth++;
            return depth;
        }

        /** Where a method stands in its class file; methods of a class that cannot be read keep JUnit's order after the rest. */
        private static int position(java.lang.reflect.Method method) {
            Class<?> type = method.getDeclaringClass();
            String file = type.getName().substring(type.getName().lastIndexOf('.') + 1) + ".class";
            try (var in = type.getResourceAsStream(file)) {
                if (in == null) return Integer.MAX_VALUE;
                var methods = java.lang.classfile.ClassFile.of().parse(in.readAllBytes()).methods();
                for (int i = 0; i < methods.size(); i++) {
                    if (methods.get(i).methodName().equalsString(method.getName())) return i;
                }
            } catch (java.io.IOException | IllegalArgumentException e) {
                // unreadable: JUnit's own order for this one
            }
            return Integer.MAX_VALUE;
        }
    }

    /** Orders a verifier's groups: the step's own first, by hint, then the carried ones by step, each by hint. */
    public static final class Order implements ClassOrderer {

        @Override
        public void orderClasses(ClassOrdererContext context) {
            context.getClassDescriptors().sort(Comparator
                    .comparingInt((org.junit.jupiter.api.ClassDescriptor d) -> carried(d.getTestClass()) ? 1 : 0)
                    // an instructor's hidden checks come after the step's own
                    .thenComparingInt(d -> d.getTestClass().getPackageName().startsWith("lab.hidden") ? 1 : 0)
                    .thenComparingInt(d -> stepOf(group(d.getTestClass())))
                    .thenComparingInt(d -> hint(group(d.getTestClass())))
                    .thenComparing(d -> d.getTestClass().getName()));
        }

        private static boolean carried(Class<?> nested) {
            return stepOf(group(nested)) != stepOf(nested);
        }

        private static int hint(Class<?> group) {
            for (Tag t : group.getAnnotationsByType(Tag.class)) {
                Matcher m = HINT.matcher(t.value());
                if (m.matches()) return Integer.parseInt(m.group(1));
            }
            return Integer.MAX_VALUE;
        }
    }
}
