package lab.tools.grade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import lab.tools.grade.Results.Step;
import lab.tools.grade.Results.Submission;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a class of twelve, opened in a real headless browser: screenshots at a laptop's and a phone's size
 * show the grid in its colours with nothing cut off at the right, and it prints to PDF a page per learner's details.
 * The screenshots stay in {@code tools/target/report-screenshots/} for a person to look at.
 */
@DisplayName("The class report, in a headless browser")
class ReportBrowserTest {

    /** The browsers this test can drive, in the order it looks for them on the PATH. */
    static final List<String> BROWSERS = List.of("chromium", "chromium-browser", "google-chrome");

    /** A browser run longer than this is killed and the test fails (a cold start takes a second or two). */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    static final Path OUT = Path.of(System.getProperty("basedir", "."), "target", "report-screenshots");

    static final String[] TITLES = {"Step 01 (task queue)", "Step 02 (waiting tasks)", "Step 03 (echo server)",
            "Step 04 (send wait)", "Step 05 (generator sockets)"};
    static final int[] CHECKS = {9, 8, 9, 7, 10};

    /** Each learner's steps: P pass, F fail, E error; the class a teacher might see mid-course. */
    static final String[][] CLASS = {
            {"Ada Lovelace", "PPPPP"}, {"Alan Turing", "PPPPF"}, {"Barbara Liskov", "PPPFE"},
            {"Brian Kernighan", "PPFFE"}, {"Chen Wei", "PEEEE"},
            {"Maximiliana Alexandra von Hohenzollern-Sigmaringen-Wittelsbach", "PPPPP"},
            {"Edsger Dijkstra", "PPPPP"}, {"Frances Allen", "PFPFF"}, {"Grace Hopper", "PPFEE"},
            {"Mallory <script>alert(1)</script>", "FFEEE"}, {"Niklaus Wirth", "PPPPF"}, {"Radia Perlman", "PPPFF"}};

    static Path browser, report;

    @TempDir
    static Path profiles;

    @BeforeAll
    static void render() throws IOException {
        browser = findBrowser().orElse(null);
        assumeTrue(browser != null, "no chromium, chromium-browser or google-chrome on the PATH: "
                + "install one with `sudo tools/setup-browser.sh` to run the report's browser test");
        report = OUT.resolve("report.html");
        Report.write(IntStream.range(0, CLASS.length).mapToObj(ReportBrowserTest::learner).toList(),
                "Build a network server out of generators: class report", report);
    }

    @Test
    @DisplayName("at 1280×800 shows the whole grid, in colour, with nothing cut off at the right")
    void laptop() throws Exception {
        var shot = screenshot(1280, 800, "laptop-1280x800");
        assertThat(distinctColours(shot)).as("distinct colours (a blank page has one)").isGreaterThan(50);
        assertThat(pixelsNear(shot, Report.PASS_COLOUR)).as("pixels of the pass colour").isGreaterThan(20_000);
        assertThat(pixelsNear(shot, Report.FAIL_COLOUR)).as("pixels of the fail colour").isGreaterThan(10_000);
        assertThat(pixelsNear(shot, Report.ERROR_COLOUR)).as("pixels of the error colour").isGreaterThan(10_000);
        // the total is the grid's last column: seen, so the grid fits without scrolling sideways
        assertThat(pixelsNear(shot, Report.TOTAL_COLOUR)).as("pixels of the totals column").isGreaterThan(10_000);
        assertRightEdgeIsPage(shot);
    }

    @Test
    @DisplayName("at a phone's 390×844 shows the grid with nothing cut off at the right")
    void phone() throws Exception {
        var shot = screenshot(390, 844, "phone-390x844");
        assertThat(distinctColours(shot)).as("distinct colours").isGreaterThan(50);
        assertThat(pixelsNear(shot, Report.PASS_COLOUR)).as("pixels of the pass colour").isGreaterThan(5_000);
        assertThat(pixelsNear(shot, Report.FAIL_COLOUR)).as("pixels of the fail colour").isGreaterThan(2_000);
        assertRightEdgeIsPage(shot);
    }

    @Test
    @DisplayName("prints to PDF, each learner's details on a page of their own")
    void print() throws Exception {
        Path pdf = OUT.resolve("report.pdf");
        run("print", "--print-to-pdf=" + pdf, "--no-pdf-header-footer");
        assertThat(pdf).exists();
        String text = Files.readString(pdf, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("%PDF-");
        long withDetails = Stream.of(CLASS).filter(l -> !l[1].equals("PPPPP")).count();
        long pages = text.lines().mapToLong(l -> l.split("/Type /Page\\b", -1).length - 1).sum();
        assertThat(pages).as("pages: the overview, then one per learner with failures at least").isGreaterThan(withDetails);
    }

    /** Learner {@code i} of the class: its steps as its pattern says, a failed check per missing point, in full. */
    static Submission learner(int i) {
        List<Step> steps = new ArrayList<>();
        List<Results.Test> tests = new ArrayList<>();
        for (int s = 0; s < TITLES.length; s++) {
            int n = s + 1, total = CHECKS[s];
            switch (CLASS[i][1].charAt(s)) {
                case 'P' -> steps.add(new Step(n, TITLES[s], Results.PASS, total, total, null));
                case 'E' -> steps.add(Step.error(n, TITLES[s], i % 2 == 0
                        ? "does not compile: Scheduler.java:%d: error: cannot find symbol\n    symbol:   method recvWait(Channel)".formatted(40 + s)
                        : "timed out after 30 s (the checks of this step take 4 s with the solution)"));
                default -> {
                    int failed = 1 + (i + s) % 3;
                    steps.add(new Step(n, TITLES[s], Results.FAIL, total - failed, total, null));
                    for (int k = 0; k < failed; k++) tests.add(failure(n, k, CLASS[i][0]));
                }
            }
        }
        return Submission.of(CLASS[i][0], "%064x".formatted(i * 7919L), steps, tests);
    }

    static Results.Test failure(int step, int k, String learner) {
        String[] checks = {"echoes to two clients without blocking either", "wakes a reader when its channel is ready",
                "runs tasks in the order they were spawned"};
        String message = """
                called:   two clients, A sends "ping", B sends "pong" (check %d of step %02d)
                expected: GOT:ping to A, GOT:pong to B
                got:      nothing came back to B within 2 s
                likely:   the server blocks in accept() while A is connected; register the listening socket instead
                read:     book section %d.3""".formatted(k + 1, step, step);
        return new Results.Test("Step %02d › %s".formatted(step, checks[k]), Results.FAIL, message,
                learner.startsWith("Mallory") ? learner + "\n\u001b[31m</pre><b>bold?</b>" : null, step);
    }

    /** Takes a screenshot of the report at this window size, and reads it back. */
    static BufferedImage screenshot(int width, int height, String name) throws Exception {
        Path png = OUT.resolve(name + ".png");
        Files.deleteIfExists(png);
        run(name, "--window-size=%d,%d".formatted(width, height), "--screenshot=" + png);
        assertThat(png).as("the screenshot %s", png).exists();
        var image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).as("screenshot width").isEqualTo(width);
        assertThat(image.getHeight()).as("screenshot height").isEqualTo(height);
        return image;
    }

    /** Runs the browser headless on the report, with a fresh profile, and fails if it does not finish in time. */
    static void run(String what, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(browser.toString(), "--headless=new", "--no-sandbox",
                "--disable-gpu", "--hide-scrollbars", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--user-data-dir=" + Files.createTempDirectory(profiles, "profile"),
                "--virtual-time-budget=5000"));
        command.addAll(List.of(arguments));
        command.add(report.toUri().toString());
        Path log = OUT.resolve(what + ".log");
        var process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("%s did not finish within %s: %s (its output: %s)".formatted(browser, TIMEOUT, command, log));
        }
        assertThat(process.exitValue()).as("exit status of %s (its output: %s)", command, log).isZero();
    }

    /** Fails unless the rightmost column of pixels is all page background: no content runs past the window. */
    static void assertRightEdgeIsPage(BufferedImage shot) {
        int x = shot.getWidth() - 1;
        int[] page = rgb(Report.PAGE_COLOUR);
        List<Integer> covered = IntStream.range(0, shot.getHeight()).filter(y -> !near(shot.getRGB(x, y), page)).boxed().toList();
        assertThat(covered).as("rows where content reaches the right edge of a %d px window", shot.getWidth()).isEmpty();
    }

    static int distinctColours(BufferedImage image) {
        var colours = new HashSet<Integer>();
        for (int y = 0; y < image.getHeight(); y++) for (int x = 0; x < image.getWidth(); x++) colours.add(image.getRGB(x, y));
        return colours.size();
    }

    static long pixelsNear(BufferedImage image, String colour) {
        int[] want = rgb(colour);
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) for (int x = 0; x < image.getWidth(); x++) if (near(image.getRGB(x, y), want)) n++;
        return n;
    }

    /** Within a few steps per channel: the browser's colour management may shift a colour slightly. */
    static boolean near(int argb, int[] want) {
        return Math.abs((argb >> 16 & 0xff) - want[0]) <= 4 && Math.abs((argb >> 8 & 0xff) - want[1]) <= 4
                && Math.abs((argb & 0xff) - want[2]) <= 4;
    }

    static int[] rgb(String hex) {
        int v = Integer.parseInt(hex.substring(1), 16);
        return new int[] {v >> 16 & 0xff, v >> 8 & 0xff, v & 0xff};
    }

    static Optional<Path> findBrowser() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return BROWSERS.stream().flatMap(name -> Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable).findFirst();
    }
}
