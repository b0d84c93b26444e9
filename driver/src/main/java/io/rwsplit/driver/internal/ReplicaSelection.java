package io.rwsplit.driver.internal;

import io.rwsplit.routing.Candidates;

/**
 * A reusable, single-threaded view of the replicas eligible for one read, handed to the load balancer, each marked
 * whether the probes prove it may serve the session (else it needs a floor proof). One per logical connection, so
 * choosing a replica allocates nothing.
 */
final class ReplicaSelection implements Candidates {
    private Node[] buf = new Node[4];
    private boolean[] proven = new boolean[4];
    private int size;
    private int provenCount;
    /** The clock reading latency estimates are decayed to for this choice. */
    private long now;

    /**
     * Starts a new choice.
     *
     * @param nowNanos a {@link System#nanoTime()} reading taken for this choice
     */
    void clear(long nowNanos) {
        size = 0;
        provenCount = 0;
        now = nowNanos;
    }

    /** Adds a candidate; {@code provenByProbes}: it may serve the session without a floor proof. */
    void add(Node n, boolean provenByProbes) {
        if (size == buf.length) {
            buf = java.util.Arrays.copyOf(buf, size * 2);
            proven = java.util.Arrays.copyOf(proven, size * 2);
        }
        proven[size] = provenByProbes;
        buf[size++] = n;
        if (provenByProbes) {
            provenCount++;
        }
    }

    Node get(int i) {
        return buf[i];
    }

    boolean proven(int i) {
        return proven[i];
    }

    /** Candidates the probes prove. */
    int provenCount() {
        return provenCount;
    }

    /** Keeps only the candidates the probes prove, in order. */
    void retainProven() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (proven[i]) {
                buf[n] = buf[i];
                proven[n] = true;
                n++;
            }
        }
        for (int i = n; i < size; i++) {
            buf[i] = null;
        }
        size = n;
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
