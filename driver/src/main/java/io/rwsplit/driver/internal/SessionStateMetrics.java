package io.rwsplit.driver.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The session-state figures of one cluster (README: Metrics): pins by cause, unpins, replays (count and time),
 * connections reset, and sessions pinned now. Written off the hot path only: when a session pins, unpins, replays
 * or resets.
 */
final class SessionStateMetrics {
    private final ConcurrentHashMap<String, LongAdder> pinsByCause = new ConcurrentHashMap<>();
    private final LongAdder unpins = new LongAdder();
    private final LongAdder replays = new LongAdder();
    private final LongAdder replayNanos = new LongAdder();
    private final LongAdder resets = new LongAdder();
    private final AtomicInteger pinnedNow = new AtomicInteger();

    void pinned(String cause) {
        pinsByCause.computeIfAbsent(cause, k -> new LongAdder()).increment();
        pinnedNow.incrementAndGet();
    }

    /** A pin ended: {@code byState} when its state ended (not when its session closed). */
    void unpinned(boolean byState) {
        pinnedNow.decrementAndGet();
        if (byState) {
            unpins.increment();
        }
    }

    void replayed(long nanos) {
        replays.increment();
        replayNanos.add(nanos);
    }

    void reset() {
        resets.increment();
    }

    Map<String, Long> pinsByCause() {
        Map<String, Long> out = new TreeMap<>();
        pinsByCause.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    long unpins() {
        return unpins.sum();
    }

    long replays() {
        return replays.sum();
    }

    long replayNanos() {
        return replayNanos.sum();
    }

    long resets() {
        return resets.sum();
    }

    int pinnedNow() {
        return pinnedNow.get();
    }
}
