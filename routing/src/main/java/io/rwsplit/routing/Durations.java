package io.rwsplit.routing;

/** Parses the durations rwsplit options and hints accept: {@code 500ms}, {@code 2s}, {@code 1m}, or a bare number of ms. */
public final class Durations {
    private Durations() {
    }

    public static long parseMillis(String text) {
        if (text == null) {
            throw new IllegalArgumentException("duration is missing");
        }
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        long unit = 1;
        String digits = t;
        if (t.endsWith("ms")) {
            digits = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            unit = 1000;
            digits = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            unit = 60_000;
            digits = t.substring(0, t.length() - 1);
        }
        digits = digits.trim();
        if (digits.isEmpty() || digits.length() > 12) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 500ms, 2s, 1m)");
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 500ms, 2s, 1m)");
            }
        }
        return Long.parseLong(digits) * unit;
    }
}
