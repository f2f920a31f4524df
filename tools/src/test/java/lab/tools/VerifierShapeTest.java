package lab.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import lab.verify.Lang;
import lab.verify.Words;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The shape every step's verifier keeps, so that its report reads well everywhere: each group of checks named and
 * tied to a hint, no check name twice in one verifier (Maven would take the second for a rerun of the first).
 */
@DisplayName("Every step's verifier")
class VerifierShapeTest {

    static final Layout LAYOUT = Layout.at(Path.of(System.getProperty("lab.root", "..")));

    @TestFactory
    @DisplayName("has groups with a name and a hint, and no check name twice")
    Stream<DynamicTest> shape() {
        return LAYOUT.steps().stream().map(step -> DynamicTest.dynamicTest(step.title(), () -> {
            Class<?> verifier = Class.forName("%s.Step%02dVerifier".formatted(step.verifierPackage(), step.number()));
            List<String> methods = new ArrayList<>();
            for (Class<?> nested : verifier.getDeclaredClasses()) {
                Class<?> group = nested.getSuperclass();
                for (Lang lang : Lang.values()) {
                    assertThat(Words.of(group).bundle(lang).containsKey("name." + group.getSimpleName()))
                            .as("the name of %s in its package's %s words", group.getName(), lang).isTrue();
                }
                assertThat(group.getAnnotationsByType(Tag.class)).as("hint tag of %s", group.getName())
                        .anyMatch(t -> t.value().startsWith("hint-"));
                for (Class<?> c = nested; c != Object.class; c = c.getSuperclass()) {
                    for (Method m : c.getDeclaredMethods()) {
                        if (!m.isAnnotationPresent(Test.class)) continue;
                        methods.add(m.getName());
                        String key = "name." + c.getSimpleName() + "." + m.getName();
                        assertThat(Words.of(c).bundle(Lang.EN).containsKey(key)).as("the name of check %s, %s", c.getName(), key).isTrue();
                    }
                }
            }
            assertThat(methods).as("check methods of %s", verifier.getSimpleName()).isNotEmpty().doesNotHaveDuplicates();
        }));
    }
}
