package io.rwsplit.benchmarks.report;

import java.util.Locale;

/** Why this exists: the tables and the chart write figures and verdicts alike; this is how they look. */
final class Cells {
    private Cells() {
    }

    static String ns(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String verdict(boolean met) {
        return met ? "**met**" : "**not met**";
    }
}
