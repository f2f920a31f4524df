package lab.book;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered book in headless Chromium at a laptop's 1280×800 and a phone's 390×844: the page never scrolls sideways,
 * no code block wraps, the book's own blocks fit a laptop, and the diagrams are drawn and scale down on a phone.
 * The screenshots stay in {@code book/target/screenshots/} for a person to look at.
 */
@DisplayName("The book, in a headless browser")
class BookLayoutTest {

    record Size(String name, int width, int height, boolean phone) {
        @Override
        public String toString() {
            return "%s %d×%d".formatted(name, width, height);
        }
    }

    static final Size LAPTOP = new Size("laptop", 1280, 800, false), PHONE = new Size("phone", 390, 844, true);

    /** What layout.js reports about a page at one size. */
    record Layout(int viewport, int pageWidth, List<Overflow> overflowing, List<Block> tooWide, List<Wrap> wrapping,
                  List<Diagram> diagrams) {}

    record Overflow(String where, int right, String text) {}

    record Block(String where, int scrollWidth, int clientWidth, List<String> lines) {}

    record Wrap(String where, String whiteSpace, String text) {}

    record Diagram(String where, String title, String alt, boolean svg, int naturalWidth, int naturalHeight,
                   double x, double y, double width, double height) {}

    static final Path BOOK = BookTextTest.path("book.html"), MISTAKES = BookTextTest.path("book.mistakes");
    static final Path SOLUTIONS = BookTextTest.path("book.solutions"), SCREENSHOTS = BookTextTest.path("book.screenshots");

    /** The book's diagrams, by the title of their figure. */
    static final List<String> DIAGRAMS = List.of("The life of a task", "One round of the scheduler",
            "A reply going out in partial writes", "One round with timers", "Echo servers side by side",
            "A virtual thread is what you built");

    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    @TempDir
    static Path scratch;

    static Chromium chromium;
    static String layoutScript;

    @BeforeAll
    static void start() throws Exception {
        assertThat(BOOK).as("the rendered book (the book module renders it before its tests)").exists();
        var browser = Chromium.find();
        assumeTrue(browser.isPresent(), "no chromium, chromium-browser or google-chrome on the PATH: "
                + "install one with `sudo tools/setup-browser.sh` to run the book's browser test");
        try (InputStream in = BookLayoutTest.class.getResourceAsStream("layout.js")) {
            layoutScript = new String(Objects.requireNonNull(in, "layout.js").readAllBytes(), StandardCharsets.UTF_8);
        }
        Files.createDirectories(SCREENSHOTS);
        chromium = new Chromium(browser.get(), scratch);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (chromium != null) chromium.close();
    }

    @ParameterizedTest(name = "lab{0}.html at a laptop's 1280×800: nothing scrolls sideways or wraps, and every block the book writes fits")
    @ValueSource(strings = {"", ".de", ".fr"})
    void laptop(String lang) throws Exception {
        Layout layout = open(BookTextTest.html(lang), LAPTOP);
        assertPageFits(layout, LAPTOP);
        assertThat(layout.wrapping()).as("code blocks that wrap a long line").isEmpty();
        var own = linesNotFromSolutions(layout);
        assertThat(own).as("lines of code blocks written in the book, too long for a laptop's screen: "
                + "break or shorten them (lines included from solutions/ may scroll)").isEmpty();
        long fromSolutions = layout.tooWide().stream().mapToLong(block -> block.lines().size()).sum();
        System.out.printf("[book] lab%s.html at %s, %d lines included from solutions/ scroll inside their block%n", lang, LAPTOP, fromSolutions);
        assertNotBlank(screenshot(LAPTOP.name() + lang + "-1280x800"), LAPTOP + ", top of lab" + lang + ".html");
    }

    @ParameterizedTest(name = "lab{0}.html at a phone's 390×844: nothing scrolls sideways or wraps; long code lines scroll inside their block")
    @ValueSource(strings = {"", ".de", ".fr"})
    void phone(String lang) throws Exception {
        Layout layout = open(BookTextTest.html(lang), PHONE);
        assertPageFits(layout, PHONE);
        assertThat(layout.wrapping()).as("code blocks that wrap a long line").isEmpty();
        assertNotBlank(screenshot(PHONE.name() + lang + "-390x844"), PHONE + ", top of lab" + lang + ".html");
    }

    @Test
    @DisplayName("draws its diagrams, each with a title and alt text: full size on a laptop, scaled down on a phone")
    void diagrams() throws Exception {
        for (Size size : List.of(LAPTOP, PHONE)) {
            Layout layout = open(BOOK, size);
            assertThat(layout.diagrams()).as("the diagrams' figure titles at %s", size).extracting(Diagram::title)
                    .hasSize(DIAGRAMS.size()).allSatisfy(title -> assertThat(DIAGRAMS).anyMatch(title::contains));
            for (Diagram d : layout.diagrams()) {
                assertThat(d.svg()).as("%s is embedded SVG", d.title()).isTrue();
                assertThat(d.alt()).as("alt text of %s", d.title()).hasSizeGreaterThan(80);
                assertThat(d.naturalWidth()).as("%s decoded", d.title()).isPositive();
                assertThat(d.x() + d.width()).as("right edge of %s at %s", d.title(), size).isLessThanOrEqualTo(layout.viewport());
                if (size.phone()) {
                    assertThat(d.width()).as("%s scaled down at %s", d.title(), size).isLessThan(d.naturalWidth());
                    assertThat(d.height() / d.width()).as("%s keeps its proportions", d.title())
                            .isCloseTo((double) d.naturalHeight() / d.naturalWidth(), within(0.01));
                } else {
                    assertThat(d.width()).as("%s at its own size at %s", d.title(), size).isEqualTo(d.naturalWidth());
                }
                // "Figure 3. A reply going out in partial writes (...)" -> phone-a-reply-going-out-in-partial-writes
                String name = size.name() + "-" + d.title().replaceFirst("^Figure \\d+\\. ", "").replaceFirst(" \\(.*", "")
                        .replaceAll("\\W+", "-").toLowerCase();
                var shot = save(name, chromium.screenshot(d.x(), d.y(), d.width(), d.height()));
                assertNotBlank(shot, d.title() + " at " + size);
                assertThat(colouredPixels(shot)).as("pixels in the diagram's colours, %s at %s", d.title(), size)
                        .isGreaterThan(shot.getWidth() * shot.getHeight() / 20);
            }
        }
    }

    @Nested
    @DisplayName("catches the layout mistakes of src/test/asciidoc/mistakes.adoc")
    class Bites {

        @Test
        @DisplayName("at 1280×800, the ASCII diagram one line too long for a laptop")
        void tooWideForALaptop() throws Exception {
            Layout layout = open(MISTAKES, LAPTOP);
            assertThat(linesNotFromSolutions(layout)).as("too long for a laptop").hasSize(2)
                    .allMatch(line -> line.startsWith("#ascii-art pre")).anyMatch(line -> line.endsWith("park in recvWait"));
        }

        @Test
        @DisplayName("at 390×844, the four columns of output that push the page sideways")
        void tooWideForAPhone() throws Exception {
            Layout layout = open(MISTAKES, PHONE);
            assertThat(layout.pageWidth()).as("page width").isGreaterThan(layout.viewport());
            assertThat(layout.overflowing()).as("what sticks out").extracting(Overflow::where)
                    .singleElement().asString().startsWith("#columns table.tableblock");
        }
    }

    /** Opens a page at this size and measures it. */
    static Layout open(Path page, Size size) throws Exception {
        assertThat(page).as("the rendered page").exists();
        chromium.open(page.toUri(), size.width(), size.height(), size.phone());
        return JSON.treeToValue(chromium.evaluate(layoutScript), Layout.class);
    }

    static void assertPageFits(Layout layout, Size size) {
        assertThat(layout.viewport()).as("the viewport's width: the browser laid the page out at the size asked for").isEqualTo(size.width());
        assertThat(layout.overflowing()).as("what reaches past the right edge at %s, so the page scrolls sideways", size).isEmpty();
        assertThat(layout.pageWidth()).as("the page's width at %s", size).isLessThanOrEqualTo(layout.viewport());
    }

    /** Each line too long for its block that is not a line of a solution's source, as "where: line". */
    static List<String> linesNotFromSolutions(Layout layout) throws IOException {
        Set<String> solutions = solutionLines();
        return layout.tooWide().stream().flatMap(block -> block.lines().stream()
                .filter(line -> !solutions.contains(line.strip())).map(line -> block.where() + ": " + line)).toList();
    }

    static Set<String> solutionLines() throws IOException {
        try (Stream<Path> files = Files.walk(SOLUTIONS)) {
            return files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream().map(String::strip);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).filter(line -> !line.isEmpty()).collect(Collectors.toCollection(HashSet::new));
        }
    }

    static BufferedImage screenshot(String name) throws Exception {
        return save(name, chromium.screenshot());
    }

    static BufferedImage save(String name, byte[] png) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    /** Fails if the image is one flat colour or nearly all background: nothing was drawn. */
    static void assertNotBlank(BufferedImage image, String what) {
        int background = image.getRGB(0, 0);
        long drawn = 0;
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                colours.add(rgb);
                if (rgb != background) drawn++;
            }
        }
        assertThat(colours.size()).as("distinct colours in the screenshot of %s (a blank one has one)", what).isGreaterThan(20);
        assertThat(drawn).as("pixels drawn on the background in the screenshot of %s", what)
                .isGreaterThan((long) image.getWidth() * image.getHeight() / 50);
    }

    /** Pixels of a clear colour (not white, grey or black). */
    static long colouredPixels(BufferedImage image) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y), r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 24) n++;
            }
        }
        return n;
    }
}
