package io.rwsplit.routing;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RoutingRulesTest {

    private record Session(boolean forcedPrimary, boolean pinnedToPrimary, boolean inReadWriteTransaction,
                           boolean inReadOnlyTransaction) implements SessionView {
    }

    private static final Session AUTOCOMMIT = new Session(false, false, false, false);
    private static final Session READ_ONLY_TX = new Session(false, false, false, true);
    private static final Session READ_WRITE_TX = new Session(false, false, true, false);

    private static Classification c(Reason kind, boolean critical, boolean pins, Hint hint) {
        return new Classification(kind, critical, pins, TransactionControl.NONE, hint, -1, Set.of());
    }

    private static final Classification READ = c(Reason.READ, false, false, Hint.NONE);

    @Test
    void plainReadGoesToReplica() {
        assertEquals(Reason.READ, RoutingRules.decide(READ, AUTOCOMMIT));
    }

    @Test
    void forcedPrimaryWinsOverEverything() {
        assertEquals(Reason.FORCED_PRIMARY, RoutingRules.decide(c(Reason.READ, false, true, Hint.REPLICA),
                new Session(true, true, true, false)));
    }

    @Test
    void pinnedConnectionStaysOnPrimary() {
        assertEquals(Reason.PINNED, RoutingRules.decide(READ, new Session(false, true, false, false)));
    }

    @Test
    void statementCreatingSessionStatePins() {
        assertEquals(Reason.SESSION_STATE, RoutingRules.decide(c(Reason.SIDE_EFFECT, false, true, Hint.NONE),
                AUTOCOMMIT));
    }

    @Test
    void readsInReadWriteTransactionGoToPrimary() {
        assertEquals(Reason.TRANSACTION, RoutingRules.decide(c(Reason.READ, false, false, Hint.REPLICA),
                READ_WRITE_TX));
    }

    @Test
    void primaryHintSendsReadToPrimary() {
        assertEquals(Reason.HINT_PRIMARY, RoutingRules.decide(c(Reason.READ, false, false, Hint.PRIMARY),
                AUTOCOMMIT));
    }

    @Test
    void nonReadsKeepTheirReasonEvenWithReplicaHint() {
        for (Reason kind : new Reason[] {Reason.WRITE, Reason.DDL, Reason.CALL, Reason.SELECT_INTO,
            Reason.LOCKING_READ, Reason.SIDE_EFFECT, Reason.TRANSACTION_CONTROL, Reason.UNKNOWN_SQL}) {
            assertEquals(kind, RoutingRules.decide(c(kind, false, false, Hint.REPLICA), AUTOCOMMIT));
        }
    }

    @Test
    void replicaHintOverridesCriticalTable() {
        assertEquals(Reason.HINT_REPLICA, RoutingRules.decide(c(Reason.READ, true, false, Hint.REPLICA),
                AUTOCOMMIT));
        assertEquals(Reason.READ_ONLY_TRANSACTION, RoutingRules.decide(c(Reason.READ, true, false, Hint.REPLICA),
                READ_ONLY_TX));
    }

    @Test
    void criticalTableReadGoesToPrimary() {
        assertEquals(Reason.CRITICAL_TABLE, RoutingRules.decide(c(Reason.READ, true, false, Hint.NONE),
                AUTOCOMMIT));
        assertEquals(Reason.CRITICAL_TABLE, RoutingRules.decide(c(Reason.READ, true, false, Hint.NONE),
                READ_ONLY_TX));
    }

    @Test
    void readInReadOnlyTransactionGoesToReplica() {
        assertEquals(Reason.READ_ONLY_TRANSACTION, RoutingRules.decide(READ, READ_ONLY_TX));
        assertEquals(Target.REPLICA, Reason.READ_ONLY_TRANSACTION.target());
    }

    @Test
    void writeInReadOnlyTransactionKeepsItsReasonForTheCallerToRefuse() {
        assertEquals(Reason.WRITE, RoutingRules.decide(c(Reason.WRITE, false, false, Hint.NONE), READ_ONLY_TX));
    }

    // ------------------------------------------------------------------ route: placement and lease

    /** A session as {@link RoutingRules#route} sees it, held connection included. */
    private record Held(boolean autoCommit, boolean readOnlyTx, boolean holdsConnection, boolean heldOnPrimary,
                        boolean serializableOnPostgres) implements SessionView {
        @Override
        public boolean forcedPrimary() {
            return false;
        }

        @Override
        public boolean pinnedToPrimary() {
            return false;
        }

        @Override
        public boolean inReadWriteTransaction() {
            return !autoCommit && !readOnlyTx;
        }

        @Override
        public boolean inReadOnlyTransaction() {
            return !autoCommit && readOnlyTx;
        }

        @Override
        public boolean readOnlyTransactionOpen() {
            return holdsConnection && readOnlyTx;
        }
    }

    private static final Held AUTOCOMMIT_SESSION = new Held(true, false, false, false, false);
    private static final Held REPLICA_READ_ONLY_TX = new Held(false, true, true, false, false);

    private static Classification tc(TransactionControl control) {
        return new Classification(Reason.TRANSACTION_CONTROL, false, false, control, Hint.NONE, -1, Set.of());
    }

    @Test
    void autocommitReadGetsAReplicaForOneStatement() {
        assertEquals(Placement.of(Reason.READ, Placement.Place.REPLICA, LeaseKind.ONE_STATEMENT),
                RoutingRules.route(READ, AUTOCOMMIT_SESSION));
    }

    @Test
    void firstStatementWithAutocommitOffHoldsItsConnection() {
        assertEquals(Placement.of(Reason.TRANSACTION, Placement.Place.PRIMARY, LeaseKind.HOLD),
                RoutingRules.route(READ, new Held(false, false, false, false, false)));
    }

    @Test
    void serializableReadOnPostgresGoesToThePrimary() {
        assertEquals(Placement.of(Reason.SERIALIZABLE, Placement.Place.PRIMARY_FOR_READS, LeaseKind.ONE_STATEMENT),
                RoutingRules.route(READ, new Held(true, false, false, false, true)));
    }

    @Test
    void beginReadOnlyHoldsAReplica() {
        assertEquals(Placement.of(Reason.READ_ONLY_TRANSACTION, Placement.Place.REPLICA, LeaseKind.HOLD),
                RoutingRules.route(tc(TransactionControl.BEGIN_READ_ONLY), AUTOCOMMIT_SESSION));
    }

    @Test
    void commitWithoutTransactionRunsOnThePrimary() {
        assertEquals(Placement.of(Reason.TRANSACTION_CONTROL, Placement.Place.PRIMARY, LeaseKind.ONE_STATEMENT),
                RoutingRules.route(tc(TransactionControl.COMMIT), AUTOCOMMIT_SESSION));
    }

    @Test
    void writeInsideAReplicaReadOnlyTransactionIsRefused() {
        assertEquals(Placement.Place.REFUSED,
                RoutingRules.route(c(Reason.WRITE, false, false, Hint.NONE), REPLICA_READ_ONLY_TX).place());
    }

    @Test
    void criticalReadInsideAReplicaReadOnlyTransactionRunsOnThePrimaryAlone() {
        assertEquals(Placement.of(Reason.CRITICAL_TABLE, Placement.Place.PRIMARY_FOR_READS, LeaseKind.ONE_STATEMENT),
                RoutingRules.route(c(Reason.READ, true, false, Hint.NONE), REPLICA_READ_ONLY_TX));
    }

    @Test
    void readInsideAReplicaReadOnlyTransactionUsesTheHeldConnection() {
        assertEquals(Placement.of(Reason.READ_ONLY_TRANSACTION, Placement.Place.HELD, LeaseKind.USE_HELD),
                RoutingRules.route(READ, REPLICA_READ_ONLY_TX));
    }
}
