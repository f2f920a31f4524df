package lab.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The lab's self-test mode is the profile {@code selftest}, switched on with {@code -Pselftest}, and nothing else:
 * no property a step's pom could set skips a step's checks or switches the mode on.
 */
@DisplayName("The self-test switch")
class SelftestSwitchTest {

    static final Path ROOT = Path.of(System.getProperty("lab.root", "..")).toAbsolutePath().normalize();

    @Test
    @DisplayName("is read only inside selftest profiles: no pom reads a property that a step's pom could set")
    void onlyAProfile() throws Exception {
        List<String> outside = new ArrayList<>();
        try (Stream<Path> poms = Files.walk(ROOT)) {
            for (Path pom : poms.filter(p -> p.getFileName().toString().equals("pom.xml") && !p.toString().contains("/target/")).toList()) {
                var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
                collect(doc.getDocumentElement(), ROOT.relativize(pom).toString(), false, outside);
            }
        }
        assertThat(outside).as("mentions of the self-test mode or of skipping tests outside a selftest profile").isEmpty();
    }

    @Test
    @DisplayName("skips the steps' checks in the maintainers' build only, from steps/pom.xml's selftest profile")
    void stepsSkipOnlyInTheProfile() throws Exception {
        String steps = Files.readString(ROOT.resolve("steps/pom.xml"));
        int profile = steps.indexOf("<id>selftest</id>");
        assertThat(profile).as("steps/pom.xml's selftest profile").isPositive();
        assertThat(steps.indexOf("<skip>true</skip>")).as("the skip, inside that profile").isGreaterThan(profile);
    }

    private static void collect(Node node, String pom, boolean inProfile, List<String> found) {
        if (node instanceof Element e) {
            boolean profile = inProfile || e.getTagName().equals("profile")
                    && e.getElementsByTagName("id").getLength() > 0
                    && e.getElementsByTagName("id").item(0).getTextContent().strip().equals("selftest");
            String name = e.getTagName();
            String text = e.getChildNodes().getLength() == 1 ? e.getTextContent().strip() : "";
            boolean mentions = name.equals("lab.selftest") || name.equals("skipTests") || name.equals("skip")
                    || name.equals("maven.test.skip") || text.contains("lab.selftest") || text.contains("skipTests");
            if (mentions && !profile) found.add(pom + ": <" + name + ">" + text);
            for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) collect(c, pom, profile, found);
        }
    }
}
