package io.rwsplit.driver;

import java.util.Locale;

/**
 * The options rwsplit owns. Every other option in a URL or in the connection properties passes through to the
 * vendor driver unchanged. An option that looks like one of these (same name in another case, or a close typo)
 * is rejected rather than passed through.
 */
public enum RwSplitOption {
    /** Comma-separated tables whose statements always run on the primary. Case-insensitive; may be schema-qualified. */
    CRITICAL_TABLES("criticalTables", ""),
    /** A replica staler than this gets no reads. Duration: {@code 500ms}, {@code 2s}. */
    MAX_REPLICA_LAG("maxReplicaLag", "1s"),
    /**
     * {@code least-outstanding} (default): of two replicas picked at random, the one with the lower
     * {@code (statements in flight + 1) * latency}, latency being a peak EWMA of its statement execution times
     * (time constant 1 s) that decays while the replica is unused, so a slow replica is avoided at once, tried
     * again every few seconds, and wins its reads back once it has recovered. {@code round-robin}, {@code random}
     * and {@code weighted} (by {@code replicaWeights}) ignore load and latency.
     */
    LOAD_BALANCE("loadBalance", "least-outstanding"),
    /** {@code session}: reads see the session's own writes and never go back in time; {@code off}: neither. */
    READ_YOUR_WRITES("readYourWrites", "session"),
    /** Weights of the replicas for {@code loadBalance=weighted}, in URL order, comma-separated positive integers. */
    REPLICA_WEIGHTS("replicaWeights", ""),
    /**
     * How often each node's role and replication position are probed; {@code 0} (the default) uses a quarter of
     * maxReplicaLag, at most 250ms (a replica that keeps up shows up to about two intervals of staleness between
     * probes).
     */
    PROBE_INTERVAL("probeInterval", "0"),
    /** Longest a statement waits for a connection to its node before failing (SQLState 08001). */
    ACQUIRE_TIMEOUT("acquireTimeout", "3s"),
    /** Largest number of physical connections per node. */
    POOL_MAX_SIZE("poolMaxSize", "10"),
    /** Idle physical connections kept per node. */
    POOL_MIN_IDLE("poolMinIdle", "1"),
    /** Replica lag above which a WARN line and a lag alert are raised; {@code 0} uses maxReplicaLag. */
    LAG_ALERT("lagAlert", "0"),
    /** Entries of the SQL classification cache. */
    CLASSIFICATION_CACHE_SIZE("classificationCacheSize", "10000");

    private final String key;
    private final String defaultValue;

    RwSplitOption(String key, String defaultValue) {
        this.key = key;
        this.defaultValue = defaultValue;
    }

    /** The name as it appears in a URL or in connection properties. */
    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
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
