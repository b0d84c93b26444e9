package io.rwsplit.benchmarks.report;

import java.util.List;
import java.util.Locale;

/** The overhead benchmark as an SVG bar chart (log scale): per target and operation, one bar per driver. */
final class OverheadChart {
    private static final String[] COLORS = {"#7f8c8d", "#b2bec3", "#2e86de", "#e67e22"};

    private OverheadChart() {
    }

    static String svg(List<ResultRow> rows) {
        List<String> targets = ResultRows.targets(rows);
        String[] ops = ResultsReport.OPS;
        String[] drivers = ResultsReport.DRIVERS;
        double max = 1;
        double min = Double.MAX_VALUE;
        for (ResultRow r : rows) {
            max = Math.max(max, r.score());
            min = Math.min(min, r.score());
        }
        double lo = Math.pow(10, Math.floor(Math.log10(Math.max(1, min))));
        double hi = Math.pow(10, Math.ceil(Math.log10(max)));
        int barW = 18;
        int groupGap = 26;
        int groups = targets.size() * ops.length;
        int left = 70;
        int top = 40;
        int plotH = 320;
        int width = left + groups * (drivers.length * barW + groupGap) + 20;
        int height = top + plotH + 120;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", width, height));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\">Time per operation (ns, log scale):"
                + " plain driver, plain driver split by hand, rwsplit, ShardingSphere-JDBC</text>%n", left));
        for (double v = lo; v <= hi * 1.0001; v *= 10) {
            double y = y(v, lo, hi, top, plotH);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
                    left, width - 10, y, y));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", left - 6,
                    y + 4, label(v)));
        }
        int x = left + groupGap / 2;
        for (String t : targets) {
            for (String op : ops) {
                int gx = x;
                for (int d = 0; d < drivers.length; d++) {
                    ResultRow r = ResultRows.find(rows, op, t, drivers[d]);
                    if (r != null) {
                        double y = y(r.score(), lo, hi, top, plotH);
                        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" "
                                        + "fill=\"%s\"><title>%s %s %s: %s ns/op</title></rect>%n", x, y, barW - 2,
                                top + plotH - y, COLORS[d], t, op, drivers[d], Cells.ns(r.score())));
                    }
                    x += barW;
                }
                int cx = gx + drivers.length * barW / 2;
                s.append(String.format(Locale.ROOT, "<text transform=\"translate(%d,%d) rotate(40)\">%s %s</text>%n",
                        cx - 10, top + plotH + 12, t, op));
                x += groupGap;
            }
        }
        for (int d = 0; d < drivers.length; d++) {
            int lx = left + d * 130;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", lx, height - 18, COLORS[d], lx + 16, height - 8,
                    drivers[d]));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static double y(double v, double lo, double hi, int top, int plotH) {
        double f = (Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
        return top + plotH - f * plotH;
    }

    private static String label(double v) {
        if (v >= 1_000_000) {
            return (long) (v / 1_000_000) + " ms";
        }
        if (v >= 1_000) {
            return (long) (v / 1_000) + " µs";
        }
        return (long) v + " ns";
    }
}
