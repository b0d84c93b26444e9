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
}
