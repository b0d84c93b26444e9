package io.rwsplit.routing;

/**
 * The routing rules: given what a statement is and the state of its session, the reason (and so the target) it
 * runs with. Pure, allocation-free. Node health and freshness are applied afterwards by the caller, which may
 * turn a {@link Target#REPLICA} decision into {@link Reason#ALL_REPLICAS_STALE},
 * {@link Reason#NO_REPLICA_AVAILABLE} or {@link Reason#READ_YOUR_WRITES}.
 *
 * <p>Order, first match wins:
 * <ol>
 *   <li>forced primary (Java API, per-connection control);</li>
 *   <li>connection pinned to the primary by earlier session state;</li>
 *   <li>the statement itself creates session state rwsplit cannot carry;</li>
 *   <li>inside a read-write transaction;</li>
 *   <li>{@code /*rwsplit:primary*}{@code /} hint;</li>
 *   <li>anything that is not a pure read (writes, DDL, calls, locking reads, side effects, unknown SQL);</li>
 *   <li>{@code /*rwsplit:replica*}{@code /} hint (accepts a replica even for a critical table);</li>
 *   <li>a critical table;</li>
 *   <li>inside a read-only transaction;</li>
 *   <li>otherwise a plain read.</li>
 * </ol>
 * A statement that is not a pure read inside a read-only transaction gets its own reason here; the caller must
 * refuse it (SQLState 25006) rather than send it to the transaction's replica.
 */
public final class RoutingRules {

    private RoutingRules() {
    }

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
