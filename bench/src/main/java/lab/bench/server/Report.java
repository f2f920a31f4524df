package lab.bench.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import lab.bench.server.LoadGenerator.ErrorKind;
import lab.bench.server.LoadGenerator.Result;
import lab.bench.server.ServerBench.Config;

/** The bench's figures, one row per server and setting (medians of its runs), as a text table, bench.csv and bench.md. */
final class Report {

    /** The columns of bench.csv, in order (issue 11). */
    static final String CSV_HEADER = "server,conns,size,rt_per_s,mib_per_s,p50_us,p99_us,p999_us,errors,server_cpu_us_per_rt,ratio_vs_netty";

    /** A server's figures at one setting: medians of its runs, min and max of round trips per second, errors summed. */
    record Row(String server, Config config, List<Result> runs, double rtPerS, double rtMin, double rtMax, double mibPerS,
               double p50, double p99, double p999, long errors, double cpuPerRt, double readySeconds, Double ratio,
               Map<ErrorKind, String> firstErrors) {

        double spread() {
            return rtMin > 0 ? rtMax / rtMin : 0;
        }
    }

    final Machine machine;
    final String pinning;
    final ServerBench.Options options;
    final List<Config> configs;
    final List<String> notes;
    final List<Row> rows = new ArrayList<>();
    final List<String> servers;

    Report(Machine machine, String pinning, ServerBench.Options options, List<Config> configs, List<String> skipped,
           Map<String, Map<Config, List<Result>>> results, List<String> deaths) {
        this.machine = machine;
        this.pinning = pinning;
        this.options = options;
        this.configs = configs;
        this.servers = List.copyOf(results.keySet());
        this.notes = new ArrayList<>();
        skipped.forEach(s -> notes.add("skipped " + s));
        notes.addAll(deaths);
        for (Config c : configs) {
            Double netty = null;
            var nettyRuns = results.getOrDefault(ServerBench.NETTY, Map.of()).get(c);
            if (nettyRuns != null && !nettyRuns.isEmpty()) netty = median(nettyRuns, Result::roundTripsPerSecond);
            for (var server : results.entrySet()) {
                List<Result> runs = server.getValue().get(c);
                if (runs == null || runs.isEmpty()) continue;
                double rt = median(runs, Result::roundTripsPerSecond);
                Map<ErrorKind, String> first = new LinkedHashMap<>();
                runs.forEach(r -> r.firstErrors().forEach(first::putIfAbsent));
                rows.add(new Row(server.getKey(), c, runs, rt,
                        runs.stream().mapToDouble(Result::roundTripsPerSecond).min().orElse(0),
                        runs.stream().mapToDouble(Result::roundTripsPerSecond).max().orElse(0),
                        median(runs, Result::mibPerSecond),
                        median(runs, r -> r.percentileMicros(0.50)), median(runs, r -> r.percentileMicros(0.99)),
                        median(runs, r -> r.percentileMicros(0.999)),
                        runs.stream().mapToLong(Result::errorCount).sum(),
                        median(runs, Result::serverCpuMicrosPerRoundTrip), median(runs, Result::readySeconds),
                        netty != null && netty > 0 ? rt / netty : null, first));
            }
        }
        for (Row r : rows) {
            if (r.errors() > 0) {
                notes.add("%s, %s: %d error%s in %d run%s; first: %s".formatted(r.server(), r.config().label(), r.errors(),
                        r.errors() == 1 ? "" : "s", r.runs().size(), r.runs().size() == 1 ? "" : "s", r.firstErrors().entrySet().stream()
                                .map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + " (" + e.getValue() + ")").toList()));
            }
        }
    }

    static double median(List<Result> runs, ToDoubleFunction<Result> figure) {
        double[] v = runs.stream().mapToDouble(figure).sorted().toArray();
        if (v.length == 0) return 0;
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The largest and the median spread (max / min round trips per second) between runs of one server and setting. */
    double[] noise() {
        double[] spreads = rows.stream().filter(r -> r.runs().size() > 1).mapToDouble(Row::spread).sorted().toArray();
        if (spreads.length == 0) return new double[] {0, 0};
        return new double[] {spreads[spreads.length - 1], spreads[spreads.length / 2]};
    }

    private static final List<String> HEADS = List.of("setting", "server", "rt/s", "min–max", "× Netty", "MiB/s",
            "p50 µs", "p99 µs", "p99.9 µs", "CPU µs/rt", "errors", "ready s");

    private List<List<String>> cells() {
        List<List<String>> table = new ArrayList<>();
        for (Row r : rows) {
            table.add(List.of(r.config().label(), r.server(), k(r.rtPerS()), k(r.rtMin()) + "–" + k(r.rtMax()),
                    r.ratio() == null ? "-" : "%.2f".formatted(r.ratio()), fixed(r.mibPerS(), 1), fixed(r.p50(), 0),
                    fixed(r.p99(), 0), fixed(r.p999(), 0), fixed(r.cpuPerRt(), 2), String.valueOf(r.errors()),
                    fixed(r.readySeconds(), 2)));
        }
        return table;
    }

    /** The table for the terminal, with the setup above it and the notes below. */
    String text() {
        var s = new StringBuilder();
        s.append("Server bench: ").append(machine.summary()).append('\n');
        setup().forEach(l -> s.append("  ").append(l).append('\n'));
        s.append('\n');
        var table = cells();
        int[] width = new int[HEADS.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = HEADS.get(i).length();
            for (var row : table) width[i] = Math.max(width[i], row.get(i).length());
        }
        s.append(line(HEADS, width)).append('\n');
        Config last = null;
        for (int i = 0; i < table.size(); i++) {
            if (last != null && !rows.get(i).config().equals(last)) s.append('\n');
            last = rows.get(i).config();
            s.append(line(table.get(i), width)).append('\n');
        }
        if (!notes.isEmpty()) s.append('\n');
        notes.forEach(n -> s.append("  ").append(n).append('\n'));
        return s.toString();
    }

    private static String line(List<String> cells, int[] width) {
        var s = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            // names left, figures right
            s.append(i < 2 ? c + " ".repeat(width[i] - c.length()) : " ".repeat(width[i] - c.length()) + c);
            if (i < cells.size() - 1) s.append("  ");
        }
        return s.toString().stripTrailing();
    }

    /** How the figures were made, a line each. */
    List<String> setup() {
        double[] noise = noise();
        List<String> lines = new ArrayList<>();
        lines.add("requests of 64 B (1 MiB in the 1 MiB column), one outstanding per connection; every reply byte checked");
        lines.add("medians of %d interleaved run%s of %d s (after %d s of warm-up), order rotated each repetition"
                .formatted(options.reps(), options.reps() == 1 ? "" : "s", options.seconds(), options.warmup()));
        lines.add(pinning);
        lines.add(machine.fdNote(configs.stream().mapToInt(Config::conns).max().orElse(1) + 256));
        if (noise[0] > 0) {
            lines.add("noise: one server's runs at one setting differed by up to %.2f× (median %.2f×), max / min round trips per second"
                    .formatted(noise[0], noise[1]));
        }
        lines.add("× Netty: round trips per second over Netty's in the same run; CPU µs/rt: the server's CPU time (/proc) per round trip;");
        lines.add("ready s: from the first connect until every connection had its first reply (at most "
                + LoadGenerator.CONNECTS_IN_FLIGHT + " unanswered at a time)");
        double idle = rows.stream().flatMap(r -> r.runs().stream()).mapToDouble(Result::idleShare).min().orElse(1);
        lines.add("the load generator was idle at least %.0f%% of every window%s".formatted(idle * 100,
                idle < 0.05 ? ": it was saturated, so the fastest servers' figures are its limit, not theirs" : ""));
        return lines;
    }

    /** bench.csv: one row per server and setting, the medians; ratio_vs_netty empty where Netty did not run. */
    String csv() {
        var s = new StringBuilder(CSV_HEADER).append('\n');
        for (Row r : rows) {
            s.append(String.join(",", r.server(), String.valueOf(r.config().conns()), String.valueOf(r.config().size()),
                    fixed(r.rtPerS(), 1), fixed(r.mibPerS(), 2), fixed(r.p50(), 1), fixed(r.p99(), 1), fixed(r.p999(), 1),
                    String.valueOf(r.errors()), fixed(r.cpuPerRt(), 3), r.ratio() == null ? "" : fixed(r.ratio(), 3))).append('\n');
        }
        return s.toString();
    }

    /** bench.md: the setup, the table and the chart. */
    String markdown() {
        var s = new StringBuilder("# Server bench\n\n");
        s.append(machine.summary()).append("\n\n");
        setup().forEach(l -> s.append("- ").append(l).append('\n'));
        s.append('\n').append("| ").append(String.join(" | ", HEADS)).append(" |\n|");
        for (int i = 0; i < HEADS.size(); i++) s.append(i < 2 ? " --- |" : " ---: |");
        s.append('\n');
        for (var row : cells()) s.append("| ").append(String.join(" | ", row)).append(" |\n");
        if (!notes.isEmpty()) s.append('\n');
        notes.forEach(n -> s.append("- ").append(n).append('\n'));
        s.append("\n![Round trips per second by connections](bench.svg)\n");
        return s.toString();
    }

    /** 38.0k for 38,012; 950 for 950. */
    static String k(double v) {
        return v >= 1000 ? fixed(v / 1000, 1) + "k" : fixed(v, 0);
    }

    static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
