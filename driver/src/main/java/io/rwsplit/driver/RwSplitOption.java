package io.rwsplit.driver;

import io.rwsplit.routing.Durations;
import io.rwsplit.routing.balance.LoadBalancers;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The options rwsplit owns, as one table: each carries its key, its default, how its value is read and what it
 * accepts, and one line of documentation (the README's option table must say the same: a test compares them). The
 * URL parser and {@link RwSplitDataSource} both read values through {@link #parse}. Every other option in a URL or
 * in the connection properties passes through to the vendor driver unchanged. An option that looks like one of these
 * (same name in another case, or a close typo) is rejected rather than passed through.
 */
public enum RwSplitOption {
    CRITICAL_TABLES("criticalTables", "", "(none)", Type.LIST, 0, 0,
            "comma-separated tables whose statements always run on the primary"),
    MAX_REPLICA_LAG("maxReplicaLag", "1s", "`1s`", Type.DURATION, 1, Long.MAX_VALUE,
            "a replica staler than this gets no reads"),
    LOAD_BALANCE("loadBalance", LoadBalancers.DEFAULT, "`" + LoadBalancers.DEFAULT + "`", Type.CHOICE, 0, 0,
            "how reads are spread over the fresh replicas: " + String.join(", ", LoadBalancers.NAMES)),
    READ_YOUR_WRITES("readYourWrites", "session", "`session`", Type.CHOICE, 0, 0,
            "session: reads see the session's own writes and never go back in time; off: neither"),
    FLOOR_WAIT("floorWait", "10ms", "`10ms`", Type.DURATION, 0, Long.MAX_VALUE,
            "longest a read waits for a replica to reach the session's floor before it goes to the primary; 0: no wait"),
    REPLICA_WEIGHTS("replicaWeights", "", "all 1", Type.WEIGHTS, 1, 1000,
            "weights for loadBalance=weighted, one per replica in URL order"),
    PROBE_INTERVAL("probeInterval", "0", "`0`", Type.DURATION, 0, Long.MAX_VALUE,
            "how often each node's role and position are probed; 0: a quarter of maxReplicaLag, at most 250ms"),
    ACQUIRE_TIMEOUT("acquireTimeout", "3s", "`3s`", Type.DURATION, 250, Long.MAX_VALUE,
            "longest a statement waits for a connection to its node (SQLState 08001)"),
    PROBE_TIMEOUT("probeTimeout", "0", "`0`", Type.DURATION, 0, Long.MAX_VALUE,
            "a probe unanswered this long makes its node unreachable; 0: half of maxReplicaLag, from 250ms to 1s"),
    FAILOVER_HOLD("failoverHold", "", "`acquireTimeout`", Type.DURATION, 0, Long.MAX_VALUE,
            "longest an unsent statement for the primary waits for a writable one; 0: fail at once"),
    POOL_MAX_SIZE("poolMaxSize", "10", "`10`", Type.INTEGER, 1, 10_000,
            "physical connections per node"),
    POOL_MIN_IDLE("poolMinIdle", "1", "`1`", Type.INTEGER, 0, 10_000,
            "idle physical connections kept per node"),
    LAG_ALERT("lagAlert", "0", "`maxReplicaLag`", Type.DURATION, 0, Long.MAX_VALUE,
            "staleness above which a WARN line and a lag alert are raised; 0: maxReplicaLag"),
    CLASSIFICATION_CACHE_SIZE("classificationCacheSize", "10000", "`10000`", Type.INTEGER, 16, 10_000_000,
            "classifications cached, each weighing one unit per started 512 characters of SQL"),
    DISCOVERY("discovery", "off", "`off`", Type.CHOICE, 0, 0,
            "how replicas are found at run time: off; dns (the URL's host names, re-resolved); primary (the replicas"
                    + " the primary lists); dns,primary"),
    DISCOVERY_INTERVAL("discoveryInterval", "10s", "`10s`", Type.DURATION, 100, Long.MAX_VALUE,
            "how often discovery looks again (names re-resolved, the primary asked)");

    /** How a value is read. */
    enum Type {
        /** {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h} or bare milliseconds; read as a {@link Long} of ms. */
        DURATION,
        /** A whole number; read as an {@link Integer}. */
        INTEGER,
        /** One of {@link #accepted()}, case-insensitive; read as the lower-case {@link String}. */
        CHOICE,
        /** Comma-separated non-blank entries; read as a {@code List<String>}. */
        LIST,
        /** Comma-separated whole numbers within the bounds; read as an {@code int[]}. */
        WEIGHTS
    }

    private final String key;
    private final String defaultValue;
    private final String documentedDefault;
    private final Type type;
    private final long min;
    private final long max;
    private final String doc;

    RwSplitOption(String key, String defaultValue, String documentedDefault, Type type, long min, long max,
                  String doc) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.documentedDefault = documentedDefault;
        this.type = type;
        this.min = min;
        this.max = max;
        this.doc = doc;
    }

    /** The name as it appears in a URL or in connection properties. */
    public String key() {
        return key;
    }

    /** The value used when the option is not given, as it would be written. */
    public String defaultValue() {
        return defaultValue;
    }

    /** The default as the README's option table shows it. */
    public String documentedDefault() {
        return documentedDefault;
    }

    /** One line on what the option does. */
    public String doc() {
        return doc;
    }

    /** The values a choice accepts; empty for other options. */
    public List<String> accepted() {
        switch (this) {
            case LOAD_BALANCE:
                return LoadBalancers.NAMES;
            case READ_YOUR_WRITES:
                return List.of("session", "off");
            case DISCOVERY:
                return List.of("off", "dns", "primary", "dns,primary");
            default:
                return List.of();
        }
    }

    /**
     * Reads a value of this option: a {@link Long} of milliseconds for a duration, an {@link Integer}, the
     * lower-case choice, a {@code List<String>} of entries, or an {@code int[]} of weights.
     *
     * @throws SQLException (SQLState HY024) naming the key, the value and what would be accepted
     */
    public Object parse(String raw) throws SQLException {
        String v = raw == null ? defaultValue : raw;
        switch (type) {
            case DURATION: {
                if (v.isEmpty() && defaultValue.isEmpty()) {
                    // A default derived from other options (documentedDefault says which): -1 until then.
                    return -1L;
                }
                long ms;
                try {
                    ms = Durations.parseMillis(v);
                } catch (IllegalArgumentException e) {
                    throw invalid(v, "expected a duration such as 500ms, 2s, 1m or 1h");
                }
                if (ms < min) {
                    throw invalid(v, "it must be at least " + min + "ms");
                }
                return ms;
            }
            case INTEGER: {
                long n;
                try {
                    n = Long.parseLong(v.trim());
                } catch (NumberFormatException e) {
                    n = Long.MIN_VALUE;
                }
                if (n < min || n > max) {
                    throw invalid(v, "expected a whole number from " + min + " to " + max);
                }
                return (int) n;
            }
            case CHOICE: {
                String choice = v.trim().toLowerCase(Locale.ROOT);
                if (!accepted().contains(choice)) {
                    throw invalid(v, "accepted: " + String.join(", ", accepted()));
                }
                return choice;
            }
            case LIST: {
                List<String> entries = new ArrayList<>();
                if (v.isBlank()) {
                    return entries;
                }
                for (String part : v.split(",", -1)) {
                    String entry = part.trim();
                    if (entry.isEmpty()) {
                        throw invalid(v, "it has an empty entry (expected comma-separated names such as "
                                + "inventory,shop.payments)");
                    }
                    entries.add(entry);
                }
                return List.copyOf(entries);
            }
            case WEIGHTS:
            default: {
                if (v.isBlank()) {
                    return new int[0];
                }
                String[] parts = v.split(",", -1);
                int[] weights = new int[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    long w;
                    try {
                        w = Long.parseLong(parts[i].trim());
                    } catch (NumberFormatException e) {
                        w = 0;
                    }
                    if (w < min || w > max) {
                        throw invalid(v, "weights are whole numbers from " + min + " to " + max);
                    }
                    weights[i] = (int) w;
                }
                return weights;
            }
        }
    }

    /** An invalid value of this option: SQLState HY024, naming the key, the value and what would be accepted. */
    public SQLException invalid(String value, String accepted) {
        return new SQLException("rwsplit option " + key + "='" + value + "' is invalid: " + accepted, "HY024");
    }

    /** The option with exactly this key, or null. */
    public static RwSplitOption byKey(String key) {
        for (RwSplitOption o : values()) {
            if (o.key.equals(key)) {
                return o;
            }
        }
        return null;
    }

    /**
     * The option this key is probably a misspelling of (same letters in another case, or within a small edit
     * distance), or null when it looks like none of ours.
     */
    public static RwSplitOption lookalike(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        for (RwSplitOption o : values()) {
            String ours = o.key.toLowerCase(Locale.ROOT);
            if (ours.equals(k)) {
                return o;
            }
            int allowed = ours.length() >= 10 ? 2 : 1;
            if (Math.abs(ours.length() - k.length()) <= allowed && editDistance(ours, k, allowed) <= allowed) {
                return o;
            }
        }
        return null;
    }

    /** Damerau-Levenshtein (optimal string alignment) distance, capped at {@code cap + 1}. */
    static int editDistance(String a, String b, int cap) {
        int n = a.length();
        int m = b.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            int rowMin = Integer.MAX_VALUE;
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (rowMin > cap) {
                return cap + 1;
            }
        }
        return d[n][m];
    }
}
