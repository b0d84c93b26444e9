package io.rwsplit.driver;

import java.util.concurrent.Callable;

/**
 * Thread-scoped control: force the primary for a block of code, whatever the statements are.
 *
 * <pre>{@code
 * try (RwSplit.Scope ignored = RwSplit.primary()) {
 *     // every statement this thread runs through rwsplit here goes to the primary
 * }
 * Order o = RwSplit.onPrimary(() -> orders.find(id));
 * }</pre>
 *
 * Scopes nest. A scope must be closed by the thread that opened it.
 */
public final class RwSplit {
    private static final ThreadLocal<int[]> PRIMARY_DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private static final ThreadLocal<long[]> MAX_LAG = ThreadLocal.withInitial(() -> new long[] {-1});

    private RwSplit() {
    }

    /** Opens a scope in which this thread's statements run on the primary. Close it to end the scope. */
    public static Scope primary() {
        PRIMARY_DEPTH.get()[0]++;
        return new Scope();
    }

    /** Runs {@code work} with this thread's statements forced onto the primary. */
    public static <T> T onPrimary(Callable<T> work) throws Exception {
        try (Scope ignored = primary()) {
            return work.call();
        }
    }

    /** Whether this thread is inside a {@link #primary()} scope. */
    public static boolean isPrimaryForced() {
        return PRIMARY_DEPTH.get()[0] > 0;
    }

    /**
     * Opens a scope in which this thread's replica reads accept at most {@code maxLag} of staleness (instead of the
     * {@code maxReplicaLag} option), like a {@code /*rwsplit:max-lag=...*}{@code /} hint on each statement. A hint
     * on a statement wins over the scope. Scopes nest; closing one restores the enclosing bound.
     */
    public static MaxLagScope maxLag(java.time.Duration maxLag) {
        if (maxLag == null || maxLag.isNegative()) {
            throw new IllegalArgumentException("maxLag must be zero or positive, but was " + maxLag);
        }
        long[] slot = MAX_LAG.get();
        MaxLagScope scope = new MaxLagScope(slot[0]);
        slot[0] = maxLag.toMillis();
        return scope;
    }

    /** The bound of the innermost {@link #maxLag} scope of this thread in milliseconds, or -1 outside any. */
    public static long currentMaxLagMillis() {
        return MAX_LAG.get()[0];
    }

    /** A staleness-bound scope. */
    public static final class MaxLagScope implements AutoCloseable {
        private final long previous;
        private final Thread owner = Thread.currentThread();
        private boolean closed;

        private MaxLagScope(long previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("an RwSplit.maxLag() scope must be closed by the thread that opened it");
            }
            closed = true;
            MAX_LAG.get()[0] = previous;
        }
    }

    /** A forced-primary scope; closing it twice has no further effect. */
    public static final class Scope implements AutoCloseable {
        private final Thread owner = Thread.currentThread();
        private boolean closed;

        private Scope() {
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("an RwSplit.primary() scope must be closed by the thread that opened it");
            }
            closed = true;
            PRIMARY_DEPTH.get()[0]--;
        }
    }
}
