package io.rwsplit.routing;

/**
 * The parts of a logical connection's state that routing rules look at. The defaults describe a session that holds
 * no connection, as the statement-only rules of {@link RoutingRules#decide} see it.
 */
public interface SessionView {
    /** The thread-scoped API or per-connection control forces the primary. */
    boolean forcedPrimary();

    /** An earlier statement created session state that only the primary connection holds. */
    boolean pinnedToPrimary();

    /** A read-write transaction is open, or about to open with this statement (autocommit off, not read-only). */
    boolean inReadWriteTransaction();

    /** A read-only transaction is open, or about to open with this statement. */
    boolean inReadOnlyTransaction();

    /** Autocommit is on: a statement outside a held connection runs on a connection of its own. */
    default boolean autoCommit() {
        return !inReadWriteTransaction() && !inReadOnlyTransaction();
    }

    /** The session holds a physical connection, for a transaction or a pin. */
    default boolean holdsConnection() {
        return false;
    }

    /** The held connection is on the current primary. */
    default boolean heldOnPrimary() {
        return false;
    }

    /** A read-only transaction has begun (not only about to begin) on the held connection. */
    default boolean readOnlyTransactionOpen() {
        return false;
    }

    /** The session's isolation is SERIALIZABLE on PostgreSQL, which hot standbys cannot serve. */
    default boolean serializableOnPostgres() {
        return false;
    }
}
