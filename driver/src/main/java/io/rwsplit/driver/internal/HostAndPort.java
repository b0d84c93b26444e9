package io.rwsplit.driver.internal;

/** A node address as given in the URL or to {@code addReplica}: a host name, an IPv4 or a bracketed IPv6 address. */
public record HostAndPort(String host, int port) {

    /**
     * Reads {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}; the brackets of an IPv6 address are
     * not part of its {@link #host()}, so {@code [::1]:5432} in a URL and in {@code addReplica} is the same node.
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static HostAndPort parse(String text, int defaultPort) {
        String host = text == null ? "" : text.trim();
        if (host.isEmpty()) {
            throw new IllegalArgumentException("has an empty host (expected host, host:port or [ipv6]:port)");
        }
        String name = host;
        int colon;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("host '" + host + "' has an unclosed '['");
            }
            name = host.substring(1, close);
            colon = host.indexOf(':', close);
            if (colon < 0 && close != host.length() - 1) {
                throw new IllegalArgumentException("host '" + host + "' has text after ']' that is not :port");
            }
        } else {
            colon = host.lastIndexOf(':');
            if (colon >= 0 && host.indexOf(':') != colon) {
                throw new IllegalArgumentException("host '" + host + "' looks like an IPv6 address: write it in"
                        + " brackets, [" + host + "]:port");
            }
            if (colon >= 0) {
                name = host.substring(0, colon);
            }
        }
        int port = defaultPort;
        if (colon >= 0) {
            String p = host.substring(colon + 1);
            try {
                port = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("host '" + host + "' has a bad port '" + p
                        + "' (expected a number from 1 to 65535)");
            }
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("host '" + host + "' has no host name");
        }
        return new HostAndPort(name, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
