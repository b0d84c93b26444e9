package io.rwsplit.consistency;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * How fresh each node of one cluster is, by position sampling (see DESIGN.md, "Guarantees").
 *
 * <p>The probe loop records, every probe interval, a <em>primary sample</em>: the primary's replication position
 * {@code p} together with the clock reading {@code t} taken <em>before</em> the position query was sent. Every
 * transaction that committed before {@code t} is therefore in {@code p}. It also records each replica's applied
 * position. A replica whose applied position covers sample {@code (p, t)} holds everything committed before
 * {@code t}, for good (a replica's applied position only grows), so it is <em>fresh as of</em> {@code t}. The
 * tracker keeps, per node, the {@code t} of the newest sample the node is known to cover; staleness is
 * {@code now - freshAsOf}. This is an upper bound of the true staleness: it never under-reports. When the primary
 * is idle every sample has the same position, the replica covers the newest one, and staleness stays below one
 * probe interval: no false lag.
 *
 * <pre>{@code
 * FreshnessTracker tracker = new FreshnessTracker(System::nanoTime);
 * tracker.setPrimary("db1:3306");
 * long t = System.nanoTime();                 // before sending the query
 * tracker.recordPrimarySample(PositionKind.MARIADB_GTID.parse("0-1-42"), t);
 * tracker.recordReplicaPosition("db2:3306", PositionKind.MARIADB_GTID.parse("0-1-42"), System.nanoTime());
 * long lag = tracker.stalenessNanos("db2:3306", System.nanoTime());
 * }</pre>
 *
 * <p>Thread-safe. Recording is synchronized (the probe loop does it a few times per interval); reading is a map
 * look-up and a volatile read, cheap enough for every routed statement. Only a bounded window of the most recent
 * samples is kept; a replica further behind than the window covers no sample and keeps its last freshness (which
 * only over-reports).
 */
public final class FreshnessTracker {

    /** {@link #freshAsOfNanos} of a node that is not known to cover any sample: infinitely stale. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    /** Default number of primary samples kept. */
    public static final int DEFAULT_SAMPLE_CAPACITY = 256;

    private final LongSupplier clock;
    private final ReplicationPosition[] positions;
    private final long[] sampledAt;
    /** Index of the newest sample, valid when {@code size > 0}. */
    private int newest = -1;
    private int size;

    private final Map<String, NodeState> nodes = new ConcurrentHashMap<>();
    private volatile String primary;
    /** Clock reading of the newest sample, {@link #UNKNOWN} when none: lets sessions skip the lock. */
    private volatile long newestSampleAt = UNKNOWN;
    /** Moves when the samples are dropped (a new primary): positions of different epochs are not compared. */
    private volatile int epoch;

    /** A tracker keeping {@link #DEFAULT_SAMPLE_CAPACITY} samples. */
    public FreshnessTracker(LongSupplier clock) {
        this(clock, DEFAULT_SAMPLE_CAPACITY);
    }

    /**
     * @param clock a monotonic clock in nanoseconds ({@code System::nanoTime} or a fake); the same clock must time
     *     the samples, the session events and the staleness checks
     * @param sampleCapacity how many recent primary samples to keep (at least 2); with probe interval {@code i} the
     *     window spans about {@code sampleCapacity * i} of replication lag
     */
    public FreshnessTracker(LongSupplier clock, int sampleCapacity) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (sampleCapacity < 2) {
            throw new IllegalArgumentException("sampleCapacity must be at least 2, but was " + sampleCapacity);
        }
        this.positions = new ReplicationPosition[sampleCapacity];
        this.sampledAt = new long[sampleCapacity];
    }

    /** Declares the current primary (null when none is known). The primary is always fresh. */
    public void setPrimary(String nodeId) {
        this.primary = nodeId;
    }

    /** The current primary, or null. */
    public String primary() {
        return primary;
    }

    public boolean isPrimary(String nodeId) {
        return nodeId != null && nodeId.equals(primary);
    }

    /**
     * Records the primary's position {@code p}, read by a query sent after the clock read {@code sampledAtNanos}.
     * Samples must come in time order; a sample older than the newest one is ignored (dropping a sample only
     * makes estimates more pessimistic). A sample with the same position as the newest one replaces it, so an
     * idle primary does not push older samples out of the window.
     */
    public synchronized void recordPrimarySample(ReplicationPosition p, long sampledAtNanos) {
        Objects.requireNonNull(p, "position");
        if (size > 0) {
            if (sampledAtNanos - sampledAt[newest] < 0) {
                return;
            }
            if (positions[newest].equals(p)) {
                sampledAt[newest] = sampledAtNanos;
                newestSampleAt = sampledAtNanos;
                refreshAll(p, sampledAtNanos);
                return;
            }
        }
        newest = (newest + 1) % positions.length;
        positions[newest] = p;
        sampledAt[newest] = sampledAtNanos;
        if (size < positions.length) {
            size++;
        }
        newestSampleAt = sampledAtNanos;
        refreshAll(p, sampledAtNanos);
    }

    /** A new sample may be covered by positions replicas reported earlier: an idle primary costs no false lag. */
    private void refreshAll(ReplicationPosition p, long at) {
        for (NodeState node : nodes.values()) {
            ReplicationPosition applied = node.applied;
            if (applied != null && applied.covers(p)) {
                node.advance(at);
            }
        }
    }

    /**
     * Records the position a replica has applied, read at {@code observedAtNanos}, and raises the node's
     * freshness to the newest sample that position covers. Freshness never decreases (until {@link #reset}).
     */
    public synchronized void recordReplicaPosition(String nodeId, ReplicationPosition applied, long observedAtNanos) {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(applied, "applied");
        NodeState node = nodes.computeIfAbsent(nodeId, id -> new NodeState());
        if (node.resetAt != UNKNOWN && observedAtNanos - node.resetAt < 0) {
            return; // observed before the node was reset: says nothing about its data now
        }
        if (node.applied == null || observedAtNanos - node.observedAt >= 0) {
            node.applied = applied;
            node.observedAt = observedAtNanos;
        }
        long current = node.freshAsOf;
        for (int n = 0, i = newest; n < size; n++, i = (i - 1 + positions.length) % positions.length) {
            if (current != UNKNOWN && sampledAt[i] - current <= 0) {
                return; // older samples cannot raise freshness
            }
            if (applied.covers(positions[i])) {
                node.advance(sampledAt[i]);
                return;
            }
        }
    }

    /**
     * The clock reading as of which {@code nodeId} is known to hold every committed transaction: the current time
     * for the primary, {@link #UNKNOWN} for a node not known to cover any sample.
     */
    public long freshAsOfNanos(String nodeId) {
        if (isPrimary(nodeId)) {
            return clock.getAsLong();
        }
        NodeState node = nodes.get(nodeId);
        return node == null ? UNKNOWN : node.freshAsOf;
    }

    /**
     * An upper bound of how far {@code nodeId} lags behind the primary at {@code nowNanos}: 0 for the primary,
     * {@link Long#MAX_VALUE} for a node of unknown freshness.
     */
    public long stalenessNanos(String nodeId, long nowNanos) {
        if (isPrimary(nodeId)) {
            return 0L;
        }
        NodeState node = nodes.get(nodeId);
        long fresh = node == null ? UNKNOWN : node.freshAsOf;
        if (fresh == UNKNOWN) {
            return Long.MAX_VALUE;
        }
        return Math.max(0L, nowNanos - fresh);
    }

    /** {@link #stalenessNanos(String, long)} at the current clock reading. */
    public long stalenessNanos(String nodeId) {
        return stalenessNanos(nodeId, clock.getAsLong());
    }

    /** The applied position last recorded for {@code nodeId}, or null; for checking {@link ConsistencyToken}s. */
    public ReplicationPosition appliedPosition(String nodeId) {
        NodeState node = nodes.get(nodeId);
        return node == null ? null : node.applied;
    }

    /**
     * The clock reading of the oldest kept primary sample whose position covers {@code p}, or {@link #UNKNOWN}
     * when no kept sample covers it yet. A node fresh as of that reading has applied {@code p}; this turns a
     * position (from a consistency token) into a freshness floor.
     */
    public synchronized long sampleTimeCovering(ReplicationPosition p) {
        long found = UNKNOWN;
        for (int n = 0, i = newest; n < size; n++, i = (i - 1 + positions.length) % positions.length) {
            if (positions[i].covers(p)) {
                found = sampledAt[i];
            } else {
                break;
            }
        }
        return found;
    }

    /**
     * The position of the oldest kept primary sample whose query was sent strictly after the clock read
     * {@code afterNanos}, or null when there is none. Such a position covers every transaction that committed
     * before {@code afterNanos}, and everything a read that ended before it could have seen: a session's floor.
     */
    public synchronized ReplicationPosition firstSampleAfter(long afterNanos) {
        ReplicationPosition found = null;
        for (int n = 0, i = newest; n < size; n++, i = (i - 1 + positions.length) % positions.length) {
            if (sampledAt[i] - afterNanos > 0) {
                found = positions[i];
            } else {
                break;
            }
        }
        return found;
    }

    /** Clock reading of the newest primary sample, {@link #UNKNOWN} before the first; lock-free. */
    public long newestSampleNanos() {
        return newestSampleAt;
    }

    /**
     * A number that changes whenever the samples are dropped ({@link #clearSamples}: a new primary). A position
     * learnt in one epoch is compared only with positions of the same epoch.
     */
    public int epoch() {
        return epoch;
    }

    /** The newest primary sample's position, or null before the first sample. */
    public synchronized ReplicationPosition latestPrimaryPosition() {
        return size == 0 ? null : positions[newest];
    }

    /**
     * Forgets what is known of {@code nodeId} (after a failover, a rebuild or a re-point): its freshness becomes
     * {@link #UNKNOWN} until it reports a position again. Positions observed before this call (by the clock)
     * are ignored, so a probe that was in flight during the reset cannot restore the old freshness.
     */
    public synchronized void reset(String nodeId) {
        NodeState node = nodes.computeIfAbsent(nodeId, id -> new NodeState());
        node.applied = null;
        node.freshAsOf = UNKNOWN;
        node.resetAt = clock.getAsLong();
    }

    /** Removes a node that left the cluster. */
    public synchronized void remove(String nodeId) {
        nodes.remove(nodeId);
    }

    /** Drops every primary sample (for instance when the new primary's positions are not comparable). */
    public synchronized void clearSamples() {
        java.util.Arrays.fill(positions, null);
        size = 0;
        newest = -1;
        newestSampleAt = UNKNOWN;
        epoch++;
    }

    /** Number of primary samples currently kept. */
    public synchronized int sampleCount() {
        return size;
    }

    private static final class NodeState {
        volatile long freshAsOf = UNKNOWN;
        /** Guarded by the tracker's lock; read without it in {@link #appliedPosition} (a racy but safe read). */
        volatile ReplicationPosition applied;
        long observedAt;
        long resetAt = UNKNOWN;

        void advance(long at) {
            if (freshAsOf == UNKNOWN || at - freshAsOf > 0) {
                freshAsOf = at;
            }
        }
    }
}
