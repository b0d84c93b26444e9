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
