package io.rwsplit.consistency;

import java.util.function.LongSupplier;

/** A hand-driven nanosecond clock. Starts at an arbitrary negative value, as System.nanoTime may. */
final class FakeClock implements LongSupplier {
    private long now = -1_000_000_000_000L;

    @Override
    public long getAsLong() {
        return now;
    }

    long now() {
        return now;
    }

    long advanceMillis(long millis) {
        now += millis * 1_000_000L;
        return now;
    }

    long advanceNanos(long nanos) {
        now += nanos;
        return now;
    }
}
