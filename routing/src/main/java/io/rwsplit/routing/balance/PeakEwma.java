package io.rwsplit.routing.balance;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A node's latency estimate that reacts to peaks at once and forgets them slowly: the "peak EWMA" of Finagle and
 * Linkerd. An observation higher than the estimate replaces it; a lower one pulls it towards itself with weight
 * {@code 1 - exp(-elapsed / decay)}, elapsed being the time since the previous observation (observations are
 * unevenly spaced, so the weight depends on time, not on their number). A reading decays the estimate towards zero
 * with the time since the last observation, without changing it, so a node that stopped being chosen because it
 * looked slow looks cheaper and cheaper until it is tried again.
 *
 * <p>Lock-free and allocation-free: one compare-and-set and one volatile write per observation, two volatile reads
 * per reading. Concurrent observations are all applied (a peak is never lost); the time stamp they leave may be a
 * few microseconds off, which only shifts the decay slightly. The clock is passed in (any {@link System#nanoTime()}
 * -like monotonic reading), so tests need no sleeping.
 *
 * <pre>{@code
 * PeakEwma latency = new PeakEwma();
 * long start = System.nanoTime();
 * // ... run a statement ...
 * long end = System.nanoTime();
 * latency.observe(end - start, end);
 * long estimate = latency.estimateNanos(System.nanoTime()); // 0: nothing known
 * }</pre>
 */
public final class PeakEwma {

    /**
     * One second. Peaks count at once whatever the constant; it only sets how fast a slow spell is forgiven. A node
     * 100 times slower than its peers is tried again after about {@code decay * ln(100 / (outstanding + 1))}, 3 to 5
     * seconds at one second: one slow read every few seconds, and a recovered replica has its traffic back within
     * seconds, the scale of rwsplit's other replica decisions (probes every 250 ms, breakers waiting 1 s or more).
     * Much shorter would retry slow nodes often; Finagle's 10 s keeps a recovered replica idle for most of a minute.
     */
    public static final long DEFAULT_DECAY_NANOS = 1_000_000_000L;

    private final double decayNanos;
    /** The estimate in nanoseconds as {@link Double#doubleToRawLongBits} bits; 0.0 until the first observation. */
    private final AtomicLong estimateBits = new AtomicLong();
    /** Clock reading of the last observation; meaningless while the estimate is 0. */
    private volatile long observedAt;

    /** With {@link #DEFAULT_DECAY_NANOS}. */
    public PeakEwma() {
        this(DEFAULT_DECAY_NANOS);
    }

    /**
     * @param decayNanos the time constant, greater than 0
     * @throws IllegalArgumentException naming the value
     */
    public PeakEwma(long decayNanos) {
        if (decayNanos <= 0) {
            throw new IllegalArgumentException("decayNanos must be greater than 0, but was " + decayNanos);
        }
        this.decayNanos = decayNanos;
    }

    /**
     * Records one latency.
     *
     * @param latencyNanos how long the operation took; values below 1 count as 1, so that a node once observed
     *                     is never "unknown" again until its estimate decays away
     * @param nowNanos     the clock reading when it ended
     */
    public void observe(long latencyNanos, long nowNanos) {
        double latency = Math.max(1L, latencyNanos);
        long elapsed = nowNanos - observedAt;
        // Clock readings compared by difference: nanoTime may be negative or wrap.
        double keep = elapsed > 0 ? decay(elapsed) : 1.0;
        for (;;) {
            long bits = estimateBits.get();
            double current = Double.longBitsToDouble(bits);
            double next = latency >= current ? latency : current * keep + latency * (1.0 - keep);
            if (estimateBits.compareAndSet(bits, Double.doubleToRawLongBits(next))) {
                break;
            }
        }
        observedAt = nowNanos;
    }

    /**
     * The estimate as of {@code nowNanos}: the peak EWMA decayed towards zero by {@code exp(-elapsed / decay)},
     * elapsed being the time since the last observation. Does not change the estimate.
     *
     * @return nanoseconds, 0 when nothing is known: never observed, or unobserved so long that the estimate
     *         decayed below one nanosecond
     */
    public long estimateNanos(long nowNanos) {
        double estimate = Double.longBitsToDouble(estimateBits.get());
        if (estimate == 0.0) {
            return 0L;
        }
        long elapsed = nowNanos - observedAt;
        if (elapsed > 0) {
            estimate *= decay(elapsed);
        }
        return (long) estimate;
    }

    /**
     * {@code exp(-elapsed / decay)}. Under a thousandth of the time constant (1 ms at one second, the usual gap
     * between statements on a busy node) by its Taylor polynomial of degree 2, whose error there is below 2e-10:
     * {@code Math.exp} costs tens of nanoseconds and this runs up to three times per read.
     */
    private double decay(long elapsedNanos) {
        double x = elapsedNanos / decayNanos;
        return x < 1e-3 ? 1.0 - x + 0.5 * x * x : Math.exp(-x);
    }

    /**
     * Forgets everything: the estimate is unknown again, as if never observed. For a node whose past no longer
     * says anything about it (it came back after an outage, or changed role).
     */
    public void reset() {
        estimateBits.set(0L);
    }

    @Override
    public String toString() {
        return "PeakEwma[" + (long) Double.longBitsToDouble(estimateBits.get()) + " ns, decay "
                + (long) decayNanos + " ns]";
    }
}
