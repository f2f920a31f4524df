package lab.bench.server;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import lab.bench.server.Report.Row;
import lab.bench.server.ServerBench.Config;

/** bench.svg: round trips per second by connection count, a bar per server (median) with its min–max, and the 1 MiB mode's MiB/s beside it. */
final class Chart {

    private static final String[] COLOURS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#9c755f"};
    private static final int TOP = 70;
    private static final int PLOT = 300;
    private static final int LEFT = 70;
    private static final int BAR = 22;
    private static final int GAP = 34;

    private final Report report;

    Chart(Report report) {
        this.report = report;
    }

    String svg() {
        List<Config> small = report.configs.stream().filter(c -> !c.big()).toList();
        List<Config> big = report.configs.stream().filter(Config::big).toList();
        int group = report.servers.size() * BAR + GAP;
        int leftWidth = small.isEmpty() ? 0 : Math.max(360, small.size() * group + GAP);
        int rightWidth = big.isEmpty() ? 0 : big.size() * group + GAP;
        int width = LEFT + leftWidth + (big.isEmpty() ? 0 : LEFT + rightWidth) + 20;
        if (width < 780) { // room for the title and the legend: the panels take the rest
            if (small.isEmpty()) rightWidth += 780 - width; else leftWidth += 780 - width;
            width = 780;
        }
        int legendRows = (report.servers.size() + 3) / 4;
        int height = TOP + PLOT + 50 + legendRows * 20 + 10;
        var s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n"
                .formatted(width, height, width, height));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(text(LEFT, 24, "Echo servers side by side: median of " + report.options.reps() + " interleaved run"
                + (report.options.reps() == 1 ? "" : "s") + " (line: min–max)", "start", "font-size=\"15\" font-weight=\"bold\""));
        s.append(text(LEFT, 44, report.machine.summary(), "start", "fill=\"#555\""));
        if (!small.isEmpty()) {
            panel(s, LEFT, leftWidth, small, "round trips per second, 64 B requests", Row::rtPerS, Row::rtMin, Row::rtMax, false);
        }
        if (!big.isEmpty()) {
            int x0 = LEFT + leftWidth + (small.isEmpty() ? 0 : LEFT);
            panel(s, x0, rightWidth, big, "MiB/s, 1 MiB requests", Row::mibPerS,
                    r -> r.rtMin() * r.config().size() / (1 << 20), r -> r.rtMax() * r.config().size() / (1 << 20), true);
        }
        int y = TOP + PLOT + 44;
        for (int i = 0; i < report.servers.size(); i++) {
            int x = LEFT + (i % 4) * 170;
            int row = y + (i / 4) * 20;
            s.append("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>\n".formatted(x, row - 10, colour(i)));
            s.append(text(x + 18, row, report.servers.get(i), "start", ""));
        }
        return s.append("</svg>\n").toString();
    }

    private void panel(StringBuilder s, int x0, int width, List<Config> configs, String axis, ToDoubleFunction<Row> value,
                       ToDoubleFunction<Row> min, ToDoubleFunction<Row> max, boolean mib) {
        double top = nice(report.rows.stream().filter(r -> configs.contains(r.config())).mapToDouble(max).max().orElse(1));
        int bottom = TOP + PLOT;
        for (int t = 0; t <= 5; t++) {
            double v = top * t / 5;
            int y = bottom - (int) Math.round(PLOT * t / 5.0);
            s.append("<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>\n".formatted(x0, x0 + width, y, y));
            s.append(text(x0 - 6, y + 4, mib ? Report.fixed(v, 0) : Report.k(v), "end", "fill=\"#555\""));
        }
        s.append("<text transform=\"translate(%d,%d) rotate(-90)\" text-anchor=\"middle\" fill=\"#555\">%s</text>\n"
                .formatted(x0 - 52, TOP + PLOT / 2, esc(axis)));
        int slot = width / configs.size();
        for (int g = 0; g < configs.size(); g++) {
            Config c = configs.get(g);
            int gx = x0 + g * slot + (slot - report.servers.size() * BAR) / 2;
            for (int i = 0; i < report.servers.size(); i++) {
                String server = report.servers.get(i);
                Row row = report.rows.stream().filter(r -> r.config().equals(c) && r.server().equals(server)).findFirst().orElse(null);
                if (row == null) continue;
                int x = gx + i * BAR;
                int h = (int) Math.round(PLOT * value.applyAsDouble(row) / top);
                s.append("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s</title></rect>\n".formatted(
                        x + 2, bottom - h, BAR - 4, h, colour(i), esc(server + ", " + c.label() + ": "
                                + (mib ? Report.fixed(row.mibPerS(), 0) + " MiB/s" : Report.k(row.rtPerS()) + " rt/s")
                                + (row.ratio() == null ? "" : ", " + Report.fixed(row.ratio(), 2) + "× Netty"))));
                int y1 = bottom - (int) Math.round(PLOT * min.applyAsDouble(row) / top);
                int y2 = bottom - (int) Math.round(PLOT * max.applyAsDouble(row) / top);
                int mid = x + BAR / 2;
                s.append("<path d=\"M%d %dV%dM%d %dH%dM%d %dH%d\" stroke=\"#222\" fill=\"none\"/>\n".formatted(
                        mid, y1, y2, mid - 4, y1, mid + 4, mid - 4, y2, mid + 4));
            }
            s.append(text(gx + report.servers.size() * BAR / 2, bottom + 18, c.label(), "middle", ""));
        }
        s.append("<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#222\"/>\n".formatted(x0, x0 + width, bottom, bottom));
    }

    private static String colour(int i) {
        return COLOURS[i % COLOURS.length];
    }

    /** The smallest of 1, 2, 2.5 or 5 times a power of ten at or above {@code v}. */
    static double nice(double v) {
        if (v <= 0) return 1;
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) return m * p;
        }
        return 10 * p;
    }

    private static String text(int x, int y, String text, String anchor, String attributes) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" %s>%s</text>%n", x, y, anchor, attributes, esc(text));
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
