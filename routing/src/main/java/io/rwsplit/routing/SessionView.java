package io.rwsplit.routing;

/** The parts of a logical connection's state that routing rules look at. */
public interface SessionView {
    /** The thread-scoped API or per-connection control forces the primary. */
    boolean forcedPrimary();

    /** An earlier statement created session state that only the primary connection holds. */
    boolean pinnedToPrimary();

    /** A read-write transaction is open, or about to open with this statement (autocommit off, not read-only). */
    boolean inReadWriteTransaction();

    /** A read-only transaction is open, or about to open with this statement. */
    boolean inReadOnlyTransaction();
}
