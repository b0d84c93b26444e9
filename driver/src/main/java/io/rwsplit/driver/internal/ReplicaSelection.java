package io.rwsplit.driver.internal;

import io.rwsplit.routing.Candidates;

/**
 * A reusable, single-threaded view of the replicas eligible for one read, handed to the load balancer. One per
 * logical connection, so choosing a replica allocates nothing.
 */
final class ReplicaSelection implements Candidates {
    private Node[] buf = new Node[4];
    private int size;

    void clear() {
        size = 0;
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
}
