package io.rwsplit.routing;

import io.rwsplit.routing.Placement.Place;

/**
 * The routing rules: given what a statement is and the state of its session, where it runs ({@link #route}). Pure,
 * allocation-free. Node health and freshness are applied afterwards by the caller, which resolves
 * {@link Place#REPLICA} to a replica fresh enough, or to the primary with {@link Reason#ALL_REPLICAS_STALE},
 * {@link Reason#NO_REPLICA_AVAILABLE}, {@link Reason#READ_YOUR_WRITES} or {@link Reason#MONOTONIC_FLOOR}.
 *
 * <p>{@link #decide}, the statement's reason, first match wins (the order of the README's "Where statements run"):
 * <ol>
 *   <li>forced primary (Java API, per-connection control);</li>
 *   <li>connection pinned to the primary by earlier session state;</li>
 *   <li>the statement itself creates session state rwsplit cannot carry;</li>
 *   <li>a replayable session statement ({@link Classification#replayable()}): where a read would run
 *       ({@link Reason#SESSION_SET}), or the primary inside a read-write transaction;</li>
 *   <li>inside a read-write transaction;</li>
 *   <li>{@code /*rwsplit:primary*}{@code /} hint;</li>
 *   <li>anything that is not a pure read (writes, DDL, calls, locking reads, side effects, unknown SQL);</li>
 *   <li>{@code /*rwsplit:replica*}{@code /} hint (accepts a replica even for a critical table);</li>
 *   <li>a critical table;</li>
 *   <li>inside a read-only transaction;</li>
 *   <li>otherwise a plain read.</li>
 * </ol>
 * {@link #route} then places it: transaction control first (a BEGIN opens a transaction where its kind says; COMMIT,
 * ROLLBACK and SAVEPOINT run where the transaction is), then a held connection (a replica's read-only transaction
 * keeps its replica reads, sends a critical or primary-hinted read to the primary for that one statement, and refuses
 * anything that is not a pure read: SQLState 25006, the caller throws; otherwise every statement runs on the held
 * connection), then a read that would go to a replica at SERIALIZABLE on PostgreSQL goes to the primary; in autocommit
 * a statement gets a connection for itself, otherwise it opens a transaction on the connection it gets.
 */
public final class RoutingRules {

    private RoutingRules() {
    }

    /** Where a statement runs. */
    public static Placement route(Classification c, SessionView session) {
        TransactionControl tc = c.transactionControl();
        if (tc == TransactionControl.BEGIN || tc == TransactionControl.BEGIN_READ_ONLY) {
            if (session.holdsConnection()) {
                return Placement.of(Reason.TRANSACTION_CONTROL, Place.HELD, LeaseKind.USE_HELD);
            }
            boolean readOnly = tc == TransactionControl.BEGIN_READ_ONLY;
            Reason r = readOnly && !session.forcedPrimary() ? Reason.READ_ONLY_TRANSACTION : Reason.TRANSACTION_CONTROL;
            return placed(r, readOnly, LeaseKind.HOLD, session);
        }
        if (tc != TransactionControl.NONE) {
            // COMMIT, ROLLBACK, SAVEPOINT: where the transaction is; without one, the primary (it is harmless there).
            return session.holdsConnection()
                    ? Placement.of(session.readOnlyTransactionOpen() ? Reason.READ_ONLY_TRANSACTION
                            : Reason.TRANSACTION_CONTROL, Place.HELD, LeaseKind.USE_HELD)
                    : Placement.of(Reason.TRANSACTION_CONTROL, Place.PRIMARY, LeaseKind.ONE_STATEMENT);
        }
        Reason r = decide(c, session);
        if (session.holdsConnection()) {
            if (session.readOnlyTransactionOpen() && !session.heldOnPrimary()) {
                if (r.target() == Target.REPLICA) {
                    return Placement.of(r, Place.HELD, LeaseKind.USE_HELD);
                }
                if (!c.isRead()) {
                    return Placement.of(r, Place.REFUSED, LeaseKind.USE_HELD);
                }
                // A critical or primary-hinted read inside a replica transaction: fresh, on the primary, outside the
                // replica's snapshot.
                return Placement.of(r, Place.PRIMARY_FOR_READS, LeaseKind.ONE_STATEMENT);
            }
            // A pinned connection on a node that is no longer the primary still runs everything (its state is there).
            return Placement.of(session.heldOnPrimary() || r.target() == Target.REPLICA ? r : Reason.PINNED,
                    Place.HELD, LeaseKind.USE_HELD);
        }
        return placed(r, c.isRead() && !session.inReadWriteTransaction(),
                session.autoCommit() ? LeaseKind.ONE_STATEMENT : LeaseKind.HOLD, session);
    }

    /** A transaction opened by a JDBC call (a savepoint with autocommit off) before any statement. */
    public static Placement transactionStart(SessionView session) {
        boolean readOnly = session.inReadOnlyTransaction();
        Reason r = readOnly && !session.forcedPrimary() ? Reason.READ_ONLY_TRANSACTION : Reason.TRANSACTION;
        return placed(r, readOnly, LeaseKind.HOLD, session);
    }

    /** Work that only reads and is no statement of the application's (metadata): a replica when one may serve it. */
    public static Placement auxiliaryRead(SessionView session) {
        return placed(Reason.READ, true, LeaseKind.ONE_STATEMENT, session);
    }

    /**
     * The node kind for a reason: the primary for primary reasons (one that accepts reads only, for work that only
     * reads: a critical table or a hint may use it while writes are refused), a replica otherwise, except at
     * SERIALIZABLE on PostgreSQL.
     */
    private static Placement placed(Reason r, boolean readOnlyWork, LeaseKind lease, SessionView session) {
        if (r.target() == Target.PRIMARY) {
            return Placement.of(r, readOnlyWork ? Place.PRIMARY_FOR_READS : Place.PRIMARY, lease);
        }
        if (session.serializableOnPostgres()) {
            return Placement.of(Reason.SERIALIZABLE, Place.PRIMARY_FOR_READS, lease);
        }
        return Placement.of(r, Place.REPLICA, lease);
    }

    /** The statement's reason, from the statement and the session alone. */
    public static Reason decide(Classification c, SessionView session) {
        if (session.forcedPrimary()) {
            return Reason.FORCED_PRIMARY;
        }
        if (session.pinnedToPrimary()) {
            return Reason.PINNED;
        }
        if (c.pinsSession()) {
            return Reason.SESSION_STATE;
        }
        if (c.replayable()) {
            return session.inReadWriteTransaction() ? Reason.TRANSACTION : Reason.SESSION_SET;
        }
        if (session.inReadWriteTransaction()) {
            return Reason.TRANSACTION;
        }
        if (c.hint() == Hint.PRIMARY) {
            return Reason.HINT_PRIMARY;
        }
        if (!c.isRead()) {
            return c.kind();
        }
        if (c.hint() == Hint.REPLICA) {
            return session.inReadOnlyTransaction() ? Reason.READ_ONLY_TRANSACTION : Reason.HINT_REPLICA;
        }
        if (c.touchesCriticalTable()) {
            return Reason.CRITICAL_TABLE;
        }
        if (session.inReadOnlyTransaction()) {
            return Reason.READ_ONLY_TRANSACTION;
        }
        return Reason.READ;
    }
}
