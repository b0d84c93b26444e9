package io.rwsplit.driver.internal;

import io.rwsplit.consistency.internal.RwSplitLoggers;
import io.rwsplit.driver.RwSplitOption;
import io.rwsplit.routing.Durations;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Parses and validates {@code jdbc:rwsplit:<vendor>://<primary>[,<replica>...]/<database>[?<options>]} together with
 * the connection properties. Every problem is an {@link SQLException} that names the part, the value (never a
 * password) and what would be accepted.
 */
public final class UrlParser {
    public static final String PREFIX = "jdbc:rwsplit:";

    private static final List<String> LOAD_BALANCERS = List.of("least-outstanding", "round-robin", "random", "weighted");

    private UrlParser() {
    }

    public static boolean accepts(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    public static ClusterConfig parse(String url, Properties info) throws SQLException {
        if (!accepts(url)) {
            throw Errors.badUrl("not an rwsplit URL (it must start with " + PREFIX + "): " + safeUrl(url));
        }
        String rest = url.substring(PREFIX.length());
        int scheme = rest.indexOf("://");
        if (scheme < 0) {
            throw Errors.badUrl("rwsplit URL has no '<vendor>://' part: " + safeUrl(url)
                    + " (expected jdbc:rwsplit:<mariadb|mysql|postgresql>://primary[,replica...]/database)");
        }
        String vendorName = rest.substring(0, scheme);
        Vendor vendor = Vendor.byUrlName(vendorName);
        if (vendor == null) {
            throw Errors.badUrl("rwsplit URL names unknown vendor '" + vendorName
                    + "' (accepted: mariadb, mysql, postgresql)");
        }
        rest = rest.substring(scheme + 3);
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int slash = rest.indexOf('/');
        String hostPart = slash >= 0 ? rest.substring(0, slash) : rest;
        String database = slash >= 0 ? rest.substring(slash + 1) : "";
        if (database.isEmpty()) {
            throw Errors.badUrl("rwsplit URL has no database: " + safeUrl(url)
                    + " (expected .../<database> after the hosts)");
        }
        List<HostAndPort> hosts = parseHosts(hostPart, vendor, url);

        Map<RwSplitOption, String> ours = new EnumMap<>(RwSplitOption.class);
        StringBuilder passThrough = new StringBuilder();
        String user = null;
        String password = null;
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = eq >= 0 ? pair.substring(0, eq) : pair;
                String raw = eq >= 0 ? pair.substring(eq + 1) : "";
                if ("user".equals(key)) {
                    user = decode(raw);
                    continue;
                }
                if ("password".equals(key)) {
                    password = decode(raw);
                    continue;
                }
                RwSplitOption option = ourOption(key);
                if (option != null) {
                    if (ours.put(option, decode(raw)) != null) {
                        throw Errors.badOption(key, decode(raw), "it is given twice in the URL");
                    }
                } else {
                    if (passThrough.length() > 0) {
                        passThrough.append('&');
                    }
                    passThrough.append(pair);
                }
            }
        }

        Properties vendorProps = new Properties();
        if (info != null) {
            for (String key : info.stringPropertyNames()) {
                String value = info.getProperty(key);
                if ("user".equals(key)) {
                    user = value;
                } else if ("password".equals(key)) {
                    password = value;
                } else {
                    RwSplitOption option = ourOption(key);
                    if (option != null) {
                        String inUrl = ours.get(option);
                        if (inUrl != null && !inUrl.equals(value)) {
                            throw Errors.badOption(key, value, "the URL gives it another value ('" + inUrl + "')");
                        }
                        ours.put(option, value);
                    } else {
                        vendorProps.setProperty(key, value);
                    }
                }
            }
        }

        List<String> critical = parseCriticalTables(valueOf(ours, RwSplitOption.CRITICAL_TABLES));
        long maxLag = duration(ours, RwSplitOption.MAX_REPLICA_LAG, 1);
        String lb = valueOf(ours, RwSplitOption.LOAD_BALANCE).trim().toLowerCase(Locale.ROOT);
        if (!LOAD_BALANCERS.contains(lb)) {
            throw Errors.badOption(RwSplitOption.LOAD_BALANCE.key(), valueOf(ours, RwSplitOption.LOAD_BALANCE),
                    "accepted: " + String.join(", ", LOAD_BALANCERS));
        }
        String ryw = valueOf(ours, RwSplitOption.READ_YOUR_WRITES).trim().toLowerCase(Locale.ROOT);
        if (!ryw.equals("session") && !ryw.equals("off")) {
            throw Errors.badOption(RwSplitOption.READ_YOUR_WRITES.key(), valueOf(ours, RwSplitOption.READ_YOUR_WRITES),
                    "accepted: session, off");
        }
        int[] weights = parseWeights(valueOf(ours, RwSplitOption.REPLICA_WEIGHTS), hosts.size() - 1);
        // A replica's estimate reaches about two probe intervals between probes even when it keeps up, so the
        // default interval follows the bound: a quarter of it, at most 250ms.
        long explicitProbe = duration(ours, RwSplitOption.PROBE_INTERVAL, 0);
        if (explicitProbe > 0 && explicitProbe < 10) {
            throw Errors.badOption(RwSplitOption.PROBE_INTERVAL.key(), valueOf(ours, RwSplitOption.PROBE_INTERVAL),
                    "the shortest probe interval is 10ms (0 means a quarter of maxReplicaLag, at most 250ms)");
        }
        long probe = explicitProbe > 0 ? explicitProbe : Math.max(10, Math.min(250, maxLag / 4));
        if (explicitProbe > 0 && maxLag < 3 * probe) {
            RwSplitLoggers.get(UrlParser.class).warn("rwsplit: maxReplicaLag={}ms is less than three times "
                    + "probeInterval={}ms: replicas that keep up will sometimes look too stale; lower probeInterval",
                    maxLag, probe);
        }
        long acquire = duration(ours, RwSplitOption.ACQUIRE_TIMEOUT, 250);
        int poolMax = integer(ours, RwSplitOption.POOL_MAX_SIZE, 1, 10_000);
        int poolMinIdle = integer(ours, RwSplitOption.POOL_MIN_IDLE, 0, poolMax);
        long lagAlert = duration(ours, RwSplitOption.LAG_ALERT, 0);
        int cacheSize = integer(ours, RwSplitOption.CLASSIFICATION_CACHE_SIZE, 16, 10_000_000);

        return new ClusterConfig(vendor, hosts, database, passThrough.toString(), vendorProps, user, password,
                critical, maxLag, lb, ryw.equals("session"), weights, probe, acquire, poolMax, poolMinIdle, lagAlert,
                cacheSize);
    }

    /** The option this key names, or null for a vendor option; throws for a key that looks like a typo of ours. */
    private static RwSplitOption ourOption(String key) throws SQLException {
        RwSplitOption exact = RwSplitOption.byKey(key);
        if (exact != null) {
            return exact;
        }
        RwSplitOption near = RwSplitOption.lookalike(key);
        if (near != null) {
            throw new SQLException("unknown rwsplit option '" + key + "': did you mean '" + near.key()
                    + "'? (options rwsplit does not own pass to the vendor driver, but this one looks like a typo)",
                    Errors.INVALID_OPTION);
        }
        return null;
    }

    private static List<HostAndPort> parseHosts(String hostPart, Vendor vendor, String url) throws SQLException {
        if (hostPart.isEmpty()) {
            throw Errors.badUrl("rwsplit URL has no host: " + safeUrl(url) + " (expected primary[,replica...])");
        }
        List<HostAndPort> hosts = new ArrayList<>();
        for (String h : hostPart.split(",", -1)) {
            String host = h.trim();
            if (host.isEmpty()) {
                throw Errors.badUrl("rwsplit URL has an empty host in '" + hostPart + "'");
            }
            int port = vendor.defaultPort();
            String name = host;
            int colon;
            if (host.startsWith("[")) {
                int close = host.indexOf(']');
                if (close < 0) {
                    throw Errors.badUrl("rwsplit URL host '" + host + "' has an unclosed '['");
                }
                name = host.substring(1, close);
                colon = host.indexOf(':', close);
            } else {
                colon = host.lastIndexOf(':');
                if (colon >= 0) {
                    name = host.substring(0, colon);
                }
            }
            if (colon >= 0) {
                String p = host.substring(colon + 1);
                try {
                    port = Integer.parseInt(p);
                } catch (NumberFormatException e) {
                    port = -1;
                }
                if (port < 1 || port > 65535) {
                    throw Errors.badUrl("rwsplit URL host '" + host + "' has a bad port '" + p
                            + "' (expected a number from 1 to 65535)");
                }
            }
            if (name.isEmpty()) {
                throw Errors.badUrl("rwsplit URL host '" + host + "' has no host name");
            }
            HostAndPort hp = new HostAndPort(name, port);
            if (hosts.contains(hp)) {
                throw Errors.badUrl("rwsplit URL lists host " + hp + " twice");
            }
            hosts.add(hp);
        }
        return hosts;
    }

    private static List<String> parseCriticalTables(String value) throws SQLException {
        List<String> tables = new ArrayList<>();
        if (value.isBlank()) {
            return tables;
        }
        for (String t : value.split(",", -1)) {
            String name = t.trim();
            if (name.isEmpty()) {
                throw Errors.badOption(RwSplitOption.CRITICAL_TABLES.key(), value,
                        "it has an empty entry (expected comma-separated table names such as inventory,shop.payments)");
            }
            tables.add(name);
        }
        return tables;
    }

    private static int[] parseWeights(String value, int replicas) throws SQLException {
        if (value.isBlank()) {
            return new int[0];
        }
        String[] parts = value.split(",", -1);
        if (parts.length != replicas) {
            throw Errors.badOption(RwSplitOption.REPLICA_WEIGHTS.key(), value,
                    "expected one weight per replica (" + replicas + "), in URL order");
        }
        int[] w = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                w[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                w[i] = 0;
            }
            if (w[i] < 1 || w[i] > 1000) {
                throw Errors.badOption(RwSplitOption.REPLICA_WEIGHTS.key(), value,
                        "weights are whole numbers from 1 to 1000");
            }
        }
        return w;
    }

    private static String valueOf(Map<RwSplitOption, String> ours, RwSplitOption o) {
        String v = ours.get(o);
        return v == null ? o.defaultValue() : v;
    }

    private static long duration(Map<RwSplitOption, String> ours, RwSplitOption o, long min) throws SQLException {
        String v = valueOf(ours, o);
        long ms;
        try {
            ms = Durations.parseMillis(v);
        } catch (IllegalArgumentException e) {
            throw Errors.badOption(o.key(), v, "expected a duration such as 500ms, 2s, 1m or 1h");
        }
        if (ms < min) {
            throw Errors.badOption(o.key(), v, "it must be at least " + min + "ms");
        }
        return ms;
    }

    private static int integer(Map<RwSplitOption, String> ours, RwSplitOption o, int min, int max) throws SQLException {
        String v = valueOf(ours, o);
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw Errors.badOption(o.key(), v, "expected a whole number from " + min + " to " + max);
        }
        if (n < min || n > max) {
            throw Errors.badOption(o.key(), v, "expected a whole number from " + min + " to " + max);
        }
        return n;
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }

    /** The URL with any password value replaced, for messages. */
    public static String safeUrl(String url) {
        if (url == null) {
            return "null";
        }
        return url.replaceAll("(?i)(password|pwd|passwd|secret)=[^&]*", "$1=****");
    }
}
