package io.rwsplit.consistency;

import io.rwsplit.consistency.internal.HysteresisSwitch;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The staleness bound ({@code maxReplicaLag}) with hysteresis: a replica is excluded from reads when its staleness
 * exceeds the bound, and admitted again only once its staleness is at or below {@code bound * (1 - h)}, so a
 * replica whose lag hovers around the bound does not flap in and out of the pool.
 *
 * <p>Given the probe interval, the readmission level is also at most {@code bound - probeInterval}: between two
 * probes a replica's measured staleness grows by one interval whatever it applies, so a replica admitted above that
 * level would cross the bound before its next probe could show its progress, and lose its reads again (seen in the
 * lag reaction benchmark with 500 ms and 125 ms: admitted at 400 ms, excluded again at 500 ms). The level never
 * goes below a quarter of the bound, so a probe interval close to the bound (which the driver warns about) cannot
 * keep a caught-up replica out for good.
 *
 * <pre>{@code
 * StalenessGate gate = new StalenessGate(Duration.ofMillis(500).toNanos(), 0.2);
 * if (gate.admits("db2:3306", tracker.stalenessNanos("db2:3306", now))) { ... }
 * }</pre>
 *
 * <p>A per-statement bound from a {@code /*rwsplit:max-lag=...*}{@code /} hint is checked with
 * {@link #withinBound(long, long)}, without hysteresis. Thread-safe.
 */
public final class StalenessGate {

    /** Default hysteresis fraction. */
    public static final double DEFAULT_HYSTERESIS = 0.2;

    private final long boundNanos;
    private final long readmitNanos;
    private final Map<String, HysteresisSwitch> excluded = new ConcurrentHashMap<>();

    /** A gate with {@link #DEFAULT_HYSTERESIS}. */
    public StalenessGate(long boundNanos) {
        this(boundNanos, DEFAULT_HYSTERESIS);
    }

    /**
     * @param boundNanos the staleness bound, greater than 0
     * @param hysteresis fraction of the bound a replica must fall below to be admitted again, {@code 0 <= h < 1}
     */
    public StalenessGate(long boundNanos, double hysteresis) {
        this(boundNanos, hysteresis, 0);
    }

    /**
     * @param boundNanos         the staleness bound, greater than 0
     * @param hysteresis         fraction of the bound a replica must fall below to be admitted again,
     *                           {@code 0 <= h < 1}
     * @param probeIntervalNanos how often staleness is measured, at least 0 (0: not taken into account)
     */
    public StalenessGate(long boundNanos, double hysteresis, long probeIntervalNanos) {
        if (boundNanos <= 0) {
            throw new IllegalArgumentException("staleness bound must be greater than 0, but was " + boundNanos + "ns");
        }
        if (probeIntervalNanos < 0) {
            throw new IllegalArgumentException("probe interval must be at least 0, but was " + probeIntervalNanos
                    + "ns");
        }
        this.boundNanos = boundNanos;
        long level = HysteresisSwitch.clearLevel(boundNanos, HysteresisSwitch.checkHysteresis(hysteresis));
        if (probeIntervalNanos > 0) {
            level = Math.min(level, Math.max(boundNanos - probeIntervalNanos, boundNanos / 4));
        }
        this.readmitNanos = level;
    }

    /**
     * Whether {@code nodeId} may serve reads at staleness {@code stalenessNanos}, updating its excluded/admitted
     * state. A node seen for the first time starts admitted (so it is admitted if within the bound).
     */
    public boolean admits(String nodeId, long stalenessNanos) {
        HysteresisSwitch s = excluded.get(nodeId);
        if (s == null) {
            s = excluded.computeIfAbsent(nodeId, id -> new HysteresisSwitch(boundNanos, readmitNanos));
        }
        s.update(stalenessNanos);
        return !s.isRaised();
    }

    /** Whether {@code nodeId} is currently excluded (without updating its state). */
    public boolean isExcluded(String nodeId) {
        HysteresisSwitch s = excluded.get(nodeId);
        return s != null && s.isRaised();
    }

    /** Forgets the state of a node that left the cluster. */
    public void forget(String nodeId) {
        excluded.remove(nodeId);
    }

    public long boundNanos() {
        return boundNanos;
    }

    /** Staleness at or below which an excluded node is admitted again. */
    public long readmitNanos() {
        return readmitNanos;
    }

    /** A per-statement bound: stateless, no hysteresis. */
    public static boolean withinBound(long stalenessNanos, long boundNanos) {
        return stalenessNanos <= boundNanos;
    }
}
