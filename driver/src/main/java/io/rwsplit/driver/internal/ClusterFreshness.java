package io.rwsplit.driver.internal;

import io.rwsplit.consistency.FreshnessTracker;
import io.rwsplit.consistency.LagAlarm;
import io.rwsplit.consistency.LagListener;
import io.rwsplit.consistency.PositionKind;
import io.rwsplit.consistency.ReplicationPosition;
import io.rwsplit.consistency.StalenessGate;
import io.rwsplit.consistency.internal.RwSplitLoggers;
import org.slf4j.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * How fresh each replica of a cluster is: the primary's positions sampled by probes, each replica's applied
 * position placed in time against them ({@link FreshnessTracker}), the gate that keeps stale replicas from reads
 * ({@link StalenessGate}), and the lag alarm with its listeners. Probes write it; routing and metrics read it.
 */
final class ClusterFreshness {
    private static final Logger log = RwSplitLoggers.get(ClusterFreshness.class);

    private final FreshnessTracker tracker = new FreshnessTracker(System::nanoTime);
    private final StalenessGate gate;
    private final LagAlarm alarm;
    private final long lagAlertMillis;
    private final List<LagListener> lagListeners = new CopyOnWriteArrayList<>();
    /** Per node, what sessions' floor queries there found and cost ({@link FloorProver}). */
    private final Map<String, FloorQueries> floorQueries = new ConcurrentHashMap<>();
    private volatile PositionKind positionKind;
    /** Clock reading of the last successful primary sample, 0 before the first. */
    private volatile long lastPrimarySampleAt;

    ClusterFreshness(ClusterConfig config, String firstPrimary) {
        this.gate = new StalenessGate(TimeUnit.MILLISECONDS.toNanos(config.maxReplicaLagMillis),
                StalenessGate.DEFAULT_HYSTERESIS, TimeUnit.MILLISECONDS.toNanos(config.probeIntervalMillis));
        this.lagAlertMillis = config.lagAlertMillis();
        this.alarm = new LagAlarm(TimeUnit.MILLISECONDS.toNanos(lagAlertMillis), StalenessGate.DEFAULT_HYSTERESIS,
                this::onLagAlert);
        tracker.setPrimary(firstPrimary);
    }

    FreshnessTracker tracker() {
        return tracker;
    }

    StalenessGate gate() {
        return gate;
    }

    /** The kind of replication position the nodes report; null until the first probe answered. */
    PositionKind positionKind() {
        return positionKind;
    }

    /** The first kind of position a probe reported is the cluster's. */
    void noteKind(PositionKind kind) {
        if (positionKind == null) {
            positionKind = kind;
        }
    }

    /**
     * The clock reading against which staleness is measured now. While the primary is unreachable nothing new
     * can be committed through it, so staleness is measured as of the last primary sample: replicas that applied
     * it stay fresh and keep serving reads instead of all turning stale while the primary is down.
     */
    long now(Node primary, long clockNow) {
        long last = lastPrimarySampleAt;
        if (primary != null && !primary.isReachable() && last != 0) {
            return last;
        }
        return clockNow;
    }

    /** The primary's position, read by a probe sent at {@code sentAt}. */
    void primarySample(ReplicationPosition position, long sentAt) {
        tracker.recordPrimarySample(position, sentAt);
        lastPrimarySampleAt = sentAt;
    }

    /** A replica's applied position, just read; raises or clears its lag alert. */
    void replicaPosition(String nodeId, ReplicationPosition position, long freshnessNow) {
        tracker.recordReplicaPosition(nodeId, position, System.nanoTime());
        long staleness = tracker.stalenessNanos(nodeId, freshnessNow);
        if (staleness != Long.MAX_VALUE) {
            alarm.check(nodeId, staleness);
        }
    }

    /** A node became the primary: samples taken from the old one say nothing about the new one's positions. */
    void primaryChanged(String next, String old) {
        tracker.setPrimary(next);
        tracker.clearSamples();
        gate.forget(next);
        alarm.forget(next);
        if (old != null) {
            tracker.reset(old);
        }
    }

    /** A node became a replica: its freshness is unknown until its next probe. */
    void becameReplica(String nodeId) {
        tracker.reset(nodeId);
    }

    /** The floor-query figures of {@code nodeId}, made on first use. */
    FloorQueries floorQueries(String nodeId) {
        FloorQueries q = floorQueries.get(nodeId);
        return q != null ? q : floorQueries.computeIfAbsent(nodeId, id -> new FloorQueries());
    }

    /**
     * What sessions asked one node to move their floors ({@link FloorProver}): a proof is a query on a replica a
     * session moves to, asking whether it has applied the session's floor (waiting up to {@code floorWait});
     * a position read settles a pending floor on the node of the session's last statement. After a proof found the
     * replica behind, no session asks it again for a while: {@code floorWait} (at least 1 ms), doubled with each
     * further proof in a row that finds it behind, up to one probe interval; a proven floor ends the streak. A replica
     * that is far behind costs one wait per probe interval; one that is sometimes just behind, little.
     */
    static final class FloorQueries {
        final LongAdder proven = new LongAdder();
        final LongAdder behind = new LongAdder();
        final LongAdder positionReads = new LongAdder();
        /** Nanoseconds spent in proofs, waits included. */
        final LongAdder proofNanos = new LongAdder();
        /** Clock reading before which no proof is tried here (0: none). */
        volatile long quietUntil;
        /** Proofs in a row that found the replica behind (racy increments are fine: it only paces proofs). */
        volatile int behindStreak;
    }

    /** A replica left the cluster. */
    void forget(String nodeId) {
        floorQueries.remove(nodeId);
        tracker.remove(nodeId);
        gate.forget(nodeId);
        alarm.forget(nodeId);
    }

    /** Upper bound of each replica's staleness in milliseconds ({@code -1} when unknown), by node address. */
    Map<String, Long> replicaLagMillis(Node[] nodes, long freshnessNow) {
        Map<String, Long> lag = new LinkedHashMap<>();
        for (Node n : nodes) {
            if (n.role() == NodeRole.REPLICA) {
                long st = tracker.stalenessNanos(n.id(), freshnessNow);
                lag.put(n.id(), st == Long.MAX_VALUE ? -1L : TimeUnit.NANOSECONDS.toMillis(st));
            }
        }
        return lag;
    }

    boolean isExcluded(String nodeId) {
        return gate.isExcluded(nodeId);
    }

    void addLagListener(LagListener listener) {
        lagListeners.add(listener);
    }

    void removeLagListener(LagListener listener) {
        lagListeners.remove(listener);
    }

    private void onLagAlert(String nodeId, long stalenessMillis, boolean raised) {
        if (raised) {
            log.warn("rwsplit: replica {} lags {} ms, above the alert level of {} ms", nodeId,
                    stalenessMillis == Long.MAX_VALUE ? "an unknown number of" : stalenessMillis, lagAlertMillis);
        } else {
            log.info("rwsplit: replica {} is back under the lag alert level ({} ms)", nodeId, stalenessMillis);
        }
        for (LagListener l : lagListeners) {
            try {
                l.onLagAlert(nodeId, stalenessMillis, raised);
            } catch (RuntimeException e) {
                log.warn("rwsplit: a lag listener failed", e);
            }
        }
    }
}
