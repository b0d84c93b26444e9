package io.rwsplit.driver.internal;

import io.rwsplit.driver.RwSplitOption;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Parses and validates {@code jdbc:rwsplit:<vendor>://<primary>[,<replica>...]/<database>[?<options>]} together with
 * the connection properties. Every problem is an {@link SQLException} that names the part, the value (never a
 * password) and what would be accepted.
 */
public final class UrlParser {
    public static final String PREFIX = "jdbc:rwsplit:";

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
                        throw option.invalid(decode(raw), "it is given twice in the URL");
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
                            throw option.invalid(value, "the URL gives it another value ('" + inUrl + "')");
                        }
                        ours.put(option, value);
                    } else {
                        vendorProps.setProperty(key, value);
                    }
                }
            }
        }

        Map<RwSplitOption, Object> values = new EnumMap<>(RwSplitOption.class);
        for (RwSplitOption o : RwSplitOption.values()) {
            values.put(o, o.parse(ours.get(o)));
        }
        return ClusterConfig.of(vendor, hosts, database, passThrough.toString(), vendorProps, user, password, values);
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
            HostAndPort hp;
            try {
                hp = HostAndPort.parse(h, vendor.defaultPort());
            } catch (IllegalArgumentException e) {
                throw Errors.badUrl("rwsplit URL " + e.getMessage());
            }
            if (hosts.contains(hp)) {
                throw Errors.badUrl("rwsplit URL lists host " + hp + " twice");
            }
            hosts.add(hp);
        }
        return hosts;
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
