package lab.bench.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./lab bench --seconds 2 --conns 100 --reps 1}, run as {@code ./lab} runs the tool (its class path from
 * tools/target/classpath.txt), once the bench's jar is packaged. Checks that the table and files are sane, never a figure.
 */
@DisplayName("./lab bench, short form")
class BenchCommandIT {

    static final Path ROOT = Path.of(System.getProperty("lab.root", "..")).toAbsolutePath().normalize();
    static final List<String> SERVERS = List.of("netty", "virtual-threads", "step04", "step05");

    @TempDir
    static Path out;
    static String printed;
    static int exitCode;

    @BeforeAll
    static void runTheShortForm() throws Exception {
        Path classpath = ROOT.resolve("tools/target/classpath.txt");
        assertThat(classpath).as("the tool is packaged before the bench in the build").exists();
        String cp = ROOT.resolve("tools/target/classes") + File.pathSeparator + Files.readString(classpath).strip();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED", "-XX:+DisableAttachMechanism", "-cp", cp,
                "lab.tools.Lab", "--root", ROOT.toString(),
                "bench", "--seconds", "2", "--conns", "100", "--reps", "1", "--out", out.toString()));
        Path log = out.resolve("printed.txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(150, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("./lab bench's short form did not end within 150 s; it printed:%n%s", Files.readString(log));
        }
        exitCode = p.exitValue();
        printed = Files.readString(log, StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("ends with code 0 and prints a table with a row per server, with its ratio to Netty")
    void table() {
        assertThat(exitCode).as("exit code; it printed:%n%s", printed).isZero();
        assertThat(printed).contains("Server bench: ", "× Netty", "p99.9 µs", "CPU µs/rt");
        for (String server : SERVERS) {
            assertThat(printed).as("printed").containsPattern("(?m)^100 conns +" + Pattern.quote(server) + " +[0-9.]+k? ");
        }
    }

    @Test
    @DisplayName("writes bench.csv with the issue's columns, a row per server, no errors and positive figures")
    void csv() throws Exception {
        List<String> lines = Files.readAllLines(out.resolve("bench.csv"));
        assertThat(lines.getFirst()).isEqualTo("server,conns,size,rt_per_s,mib_per_s,p50_us,p99_us,p999_us,errors,server_cpu_us_per_rt,ratio_vs_netty");
        List<String[]> rows = lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
        assertThat(rows).extracting(r -> r[0]).containsExactlyInAnyOrderElementsOf(SERVERS);
        for (String[] r : rows) {
            String row = String.join(",", r);
            assertThat(r).as(row).hasSize(11);
            assertThat(r[1]).as(row).isEqualTo("100");
            assertThat(r[2]).as(row).isEqualTo("64");
            assertThat(r[8]).as("errors in " + row + "; the bench printed:%n" + printed).isEqualTo("0");
            List<Double> figures = Arrays.stream(new int[] {3, 4, 5, 6, 7, 9, 10}).mapToObj(i -> Double.parseDouble(r[i])).toList();
            assertThat(figures).as("rt_per_s, mib_per_s, p50, p99, p99.9, CPU, ratio of " + row).allMatch(v -> v > 0);
            assertThat(figures.get(2)).as("p50 <= p99 <= p99.9 in " + row).isLessThanOrEqualTo(figures.get(3));
            assertThat(figures.get(3)).as("p50 <= p99 <= p99.9 in " + row).isLessThanOrEqualTo(figures.get(4));
        }
        assertThat(rows).filteredOn(r -> r[0].equals("netty")).extracting(r -> r[10]).containsExactly("1.000");
    }

    @Test
    @DisplayName("writes bench.md with the table, and bench.svg, a picture with a bar per server")
    void markdownAndChart() throws Exception {
        String md = Files.readString(out.resolve("bench.md"));
        for (String server : SERVERS) assertThat(md).contains("| 100 conns | " + server + " | ");
        assertThat(md).contains("![Round trips per second by connections](bench.svg)");
        var svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("bench.svg").toFile());
        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        var titles = svg.getElementsByTagName("title");
        List<String> bars = new ArrayList<>();
        for (int i = 0; i < titles.getLength(); i++) bars.add(titles.item(i).getTextContent());
        assertThat(bars).hasSize(SERVERS.size()).allMatch(t -> t.contains("100 conns"));
    }

    @Test
    @DisplayName("leaves no server running: each one it started is gone by PID")
    void nothingLeft() {
        var pids = Pattern.compile("started (\\S+) \\(pid (\\d+),").matcher(printed).results()
                .map(m -> Long.parseLong(m.group(2))).toList();
        assertThat(pids).as("servers it said it started").hasSize(SERVERS.size());
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("server pid %d", pid).isEmpty();
        }
    }
}
