package io.rwsplit.driver.internal;

import io.rwsplit.routing.Candidates;

/**
 * A reusable, single-threaded view of the replicas eligible for one read, handed to the load balancer. One per
 * logical connection, so choosing a replica allocates nothing.
 */
final class ReplicaSelection implements Candidates {
    private Node[] buf = new Node[4];
    private int size;
    /** The clock reading latency estimates are decayed to for this choice. */
    private long now;

    /**
     * Starts a new choice.
     *
     * @param nowNanos a {@link System#nanoTime()} reading taken for this choice
     */
    void clear(long nowNanos) {
        size = 0;
        now = nowNanos;
    }

    void add(Node n) {
        if (size == buf.length) {
            buf = java.util.Arrays.copyOf(buf, size * 2);
        }
        buf[size++] = n;
    }

    Node get(int i) {
        return buf[i];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int outstanding(int i) {
        return buf[i].outstanding();
    }

    @Override
    public int weight(int i) {
        return buf[i].weight();
    }

    @Override
    public long latencyNanos(int i) {
        return buf[i].latencyNanos(now);
    }
}
