package io.rwsplit.consistency.internal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A two-level switch: raised when a value exceeds {@code raiseAbove}, lowered again only when the value is at or
 * below {@code clearAtOrBelow}, so values hovering at the edge do not make it flap. Thread-safe; each transition
 * is reported to exactly one caller of {@link #update}.
 */
public final class HysteresisSwitch {

    public static final int UNCHANGED = 0;
    public static final int RAISED = 1;
    public static final int CLEARED = 2;

    private final long raiseAbove;
    private final long clearAtOrBelow;
    private final AtomicBoolean raised = new AtomicBoolean();

    public HysteresisSwitch(long raiseAbove, long clearAtOrBelow) {
        if (clearAtOrBelow > raiseAbove) {
            throw new IllegalArgumentException(
                    "clear level " + clearAtOrBelow + " must not exceed raise level " + raiseAbove);
        }
        this.raiseAbove = raiseAbove;
        this.clearAtOrBelow = clearAtOrBelow;
    }

    /** Feeds a value; returns {@link #RAISED}, {@link #CLEARED} or {@link #UNCHANGED}. */
    public int update(long value) {
        if (value > raiseAbove) {
            return raised.compareAndSet(false, true) ? RAISED : UNCHANGED;
        }
        if (value <= clearAtOrBelow) {
            return raised.compareAndSet(true, false) ? CLEARED : UNCHANGED;
        }
        return UNCHANGED;
    }

    public boolean isRaised() {
        return raised.get();
    }

    /**
     * The clear level for a raise level and a hysteresis fraction {@code h}: {@code level * (1 - h)}, rounded down.
     */
    public static long clearLevel(long raiseAbove, double hysteresis) {
        return (long) Math.floor(raiseAbove * (1.0 - hysteresis));
    }

    /** Validates a hysteresis fraction: {@code 0 <= h < 1}. */
    public static double checkHysteresis(double hysteresis) {
        if (!(hysteresis >= 0.0 && hysteresis < 1.0)) {
            throw new IllegalArgumentException(
                    "hysteresis must be at least 0 and lower than 1, but was " + hysteresis);
        }
        return hysteresis;
    }
}
