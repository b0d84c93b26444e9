package io.rwsplit.routing;

import java.util.Locale;

/**
 * Parses the durations rwsplit accepts in options ({@code maxReplicaLag=500ms}) and hints
 * ({@code /*rwsplit:max-lag=2s*}{@code /}).
 *
 * <p>Grammar: a whole, non-negative number, optional whitespace, and an optional unit: {@code ms} (milliseconds),
 * {@code s} (seconds), {@code m} (minutes) or {@code h} (hours), case-insensitive. A bare number is milliseconds. Leading and trailing
 * whitespace is ignored.
 *
 * <pre>{@code
 * Durations.parseMillis("500ms"); // 500
 * Durations.parseMillis("2s");    // 2000
 * Durations.parseMillis("1m");    // 60000
 * Durations.parseMillis("1h");    // 3600000
 * Durations.parseMillis("250");   // 250
 * }</pre>
 */
public final class Durations {

    private Durations() {
    }

    /**
     * @param text the duration, e.g. {@code 500ms}, {@code 2s}, {@code 1m}, {@code 250}
     * @return the duration in milliseconds, at least 0
     * @throws IllegalArgumentException naming the value when it is null, blank, negative, fractional, has an
     *                                  unknown unit or overflows a {@code long}
     */
    public static long parseMillis(String text) {
        if (text == null) {
            throw new IllegalArgumentException("duration is null; expected e.g. 500ms, 2s, 1m, 1h or 250 (milliseconds)");
        }
        String s = text.strip();
        int i = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i == 0) {
            throw invalid(text);
        }
        String digits = s.substring(0, i);
        String unit = s.substring(i).strip().toLowerCase(Locale.ROOT);
        long factor;
        switch (unit) {
            case "":
            case "ms":
                factor = 1;
                break;
            case "s":
                factor = 1_000;
                break;
            case "m":
                factor = 60_000;
                break;
            case "h":
                factor = 3_600_000;
                break;
            default:
                throw invalid(text);
        }
        try {
            return Math.multiplyExact(Long.parseLong(digits), factor);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("duration '" + text + "' is too large", e);
        }
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("invalid duration '" + text
                + "': expected a whole number with an optional unit ms, s, m or h (e.g. 500ms, 2s, 1m, 1h; a bare number is"
                + " milliseconds)");
    }
}
