package io.rwsplit.driver.internal;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sockets of MariaDB Connector/J's pooled connections, by the node they connect to, so that a hung node's can be
 * closed ({@link #closeAll}). Connector/J's own {@code Connection.abort} cannot end a statement that waits for a node
 * that stopped answering: before closing the socket it drains it, and waits for the reading thread's lock. Closing
 * the socket itself wakes that thread at once with a connection error. Given to Connector/J as its
 * {@code socketFactory} option by {@link ClusterConfig#poolProperties} (unless the application set its own); it
 * makes plain sockets, as Connector/J's default does, and TLS wraps them as usual.
 */
public final class NodeSockets extends SocketFactory {
    private static final ConcurrentHashMap<String, Set<Socket>> OPEN = new ConcurrentHashMap<>();

    /** Connector/J makes one per connection, by its class name. */
    public NodeSockets() {
    }

    /**
     * Closes every open socket to {@code node} made here; returns how many. The statements waiting on them fail with
     * a connection error.
     */
    static int closeAll(HostAndPort node) {
        Set<Socket> open = OPEN.get(key(node.host(), node.port()));
        if (open == null) {
            return 0;
        }
        int closed = 0;
        for (Socket s : open) {
            try {
                s.close();
                closed++;
            } catch (IOException e) {
                // Closed already.
            }
        }
        return closed;
    }

    private static String key(String host, int port) {
        return host + ":" + port;
    }

    @Override
    public Socket createSocket() {
        return new Tracked();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = new Tracked();
        s.bind(new InetSocketAddress(localHost, localPort));
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket s = new Tracked();
        s.bind(new InetSocketAddress(localAddress, localPort));
        s.connect(new InetSocketAddress(address, port));
        return s;
    }

    private static Socket connected(SocketAddress to) throws IOException {
        Socket s = new Tracked();
        s.connect(to);
        return s;
    }

    /** A plain socket that is listed under its node while it is connected. */
    private static final class Tracked extends Socket {
        private volatile String node;

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            super.connect(endpoint, timeout);
            if (endpoint instanceof InetSocketAddress a) {
                String k = key(a.getHostString(), a.getPort());
                node = k;
                OPEN.computeIfAbsent(k, x -> ConcurrentHashMap.newKeySet()).add(this);
                if (isClosed()) {
                    forget();
                }
            }
        }

        @Override
        public synchronized void close() throws IOException {
            forget();
            super.close();
        }

        private void forget() {
            String k = node;
            if (k != null) {
                Set<Socket> open = OPEN.get(k);
                if (open != null) {
                    open.remove(this);
                }
            }
        }
    }
}
