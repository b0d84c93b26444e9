package io.rwsplit.driver.internal;

/** A node address as given in the URL. */
public record HostAndPort(String host, int port) {
    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
