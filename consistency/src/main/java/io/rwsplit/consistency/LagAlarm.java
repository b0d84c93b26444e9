package io.rwsplit.consistency;

import io.rwsplit.consistency.internal.HysteresisSwitch;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Raises a lag alert when a node's staleness exceeds an alert level and clears it when the staleness is back at or
 * below {@code level * (1 - h)}; the listener hears each transition once, never a flapping series. The probe loop
 * calls {@link #check} after each probe of a node.
 *
 * <pre>{@code
 * LagAlarm alarm = new LagAlarm(Duration.ofSeconds(5).toNanos(), 0.2,
 *         (node, millis, raised) -> log.warn("{} lag {} ms, alert {}", node, millis, raised ? "raised" : "cleared"));
 * alarm.check("db2:3306", tracker.stalenessNanos("db2:3306", System.nanoTime()));
 * }</pre>
 *
 * <p>Thread-safe. Listeners are called on the calling thread and must not throw; what they throw propagates to
 * the caller of {@link #check}.
 */
public final class LagAlarm {

    private final long levelNanos;
    private final long clearNanos;
    private final LagListener listener;
    private final Map<String, HysteresisSwitch> states = new ConcurrentHashMap<>();

    /**
     * @param levelNanos alert level, greater than 0
     * @param hysteresis fraction of the level staleness must fall below to clear, {@code 0 <= h < 1}
     */
    public LagAlarm(long levelNanos, double hysteresis, LagListener listener) {
        if (levelNanos <= 0) {
            throw new IllegalArgumentException("lag alert level must be greater than 0, but was " + levelNanos + "ns");
        }
        this.levelNanos = levelNanos;
        this.clearNanos = HysteresisSwitch.clearLevel(levelNanos, HysteresisSwitch.checkHysteresis(hysteresis));
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Feeds a node's current staleness ({@link Long#MAX_VALUE} if unknown); notifies on a transition. */
    public void check(String nodeId, long stalenessNanos) {
        HysteresisSwitch s = states.computeIfAbsent(nodeId, id -> new HysteresisSwitch(levelNanos, clearNanos));
        int change = s.update(stalenessNanos);
        if (change != HysteresisSwitch.UNCHANGED) {
            long millis = stalenessNanos == Long.MAX_VALUE ? Long.MAX_VALUE : stalenessNanos / 1_000_000L;
            listener.onLagAlert(nodeId, millis, change == HysteresisSwitch.RAISED);
        }
    }

    /** Whether the alert for {@code nodeId} is raised. */
    public boolean isRaised(String nodeId) {
        HysteresisSwitch s = states.get(nodeId);
        return s != null && s.isRaised();
    }

    /** Forgets a node that left the cluster (without notifying). */
    public void forget(String nodeId) {
        states.remove(nodeId);
    }
}
