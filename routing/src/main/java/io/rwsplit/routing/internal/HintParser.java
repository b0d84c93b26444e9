package io.rwsplit.routing.internal;

import io.rwsplit.routing.Durations;
import io.rwsplit.routing.Hint;

import java.util.List;
import java.util.Locale;

/**
 * Reads {@code rwsplit:} hints from comment bodies.
 *
 * <p>A comment is a hint when its body, after leading whitespace, starts with {@code rwsplit} (any case), optional
 * whitespace and a colon. What follows is a comma-separated list of directives, whitespace allowed around each
 * directive and around {@code =}: {@code primary}, {@code replica}, {@code max-lag=<duration>} (see
 * {@link Durations}). Anything else after {@code rwsplit:} is an error, as are {@code primary} together with
 * {@code replica}, and two different {@code max-lag} values. Comments that do not start with {@code rwsplit:} are
 * not hints and are ignored.
 */
final class HintParser {

    static final class Hints {
        static final Hints NONE = new Hints(Hint.NONE, -1, null);

        final Hint hint;
        final long maxLagMillis;
        final String error;

        Hints(Hint hint, long maxLagMillis, String error) {
            this.hint = hint;
            this.maxLagMillis = maxLagMillis;
            this.error = error;
        }
    }

    private HintParser() {
    }

    static Hints parse(List<String> comments) {
        Hint hint = Hint.NONE;
        long maxLag = -1;
        boolean any = false;
        for (String comment : comments) {
            String body = comment.strip();
            if (body.length() < 7 || !body.regionMatches(true, 0, "rwsplit", 0, 7)) {
                continue;
            }
            String rest = body.substring(7).stripLeading();
            if (rest.isEmpty() || rest.charAt(0) != ':') {
                continue;
            }
            any = true;
            for (String raw : rest.substring(1).split(",", -1)) {
                String directive = raw.strip();
                String lower = directive.toLowerCase(Locale.ROOT);
                if (lower.equals("primary") || lower.equals("replica")) {
                    Hint h = lower.equals("primary") ? Hint.PRIMARY : Hint.REPLICA;
                    if (hint != Hint.NONE && hint != h) {
                        return error("conflicting rwsplit hints: both primary and replica", comment);
                    }
                    hint = h;
                } else if (lower.startsWith("max-lag") && directive.substring(7).stripLeading().startsWith("=")) {
                    String value = directive.substring(7).stripLeading().substring(1);
                    long millis;
                    try {
                        millis = Durations.parseMillis(value);
                    } catch (IllegalArgumentException e) {
                        return error("bad rwsplit hint max-lag: " + e.getMessage(), comment);
                    }
                    if (maxLag >= 0 && maxLag != millis) {
                        return error("conflicting rwsplit hints: two different max-lag values", comment);
                    }
                    maxLag = millis;
                } else {
                    return error("unknown rwsplit hint '" + directive
                            + "'; accepted: primary, replica, max-lag=<duration such as 200ms, 2s, 1m>", comment);
                }
            }
        }
        return any ? new Hints(hint, maxLag, null) : Hints.NONE;
    }

    private static Hints error(String message, String comment) {
        return new Hints(Hint.NONE, -1, message + " in comment /*" + comment + "*/");
    }
}
