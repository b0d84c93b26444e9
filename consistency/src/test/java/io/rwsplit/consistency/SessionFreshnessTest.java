package io.rwsplit.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwsplit.consistency.internal.PostgresLsn;
import org.junit.jupiter.api.Test;

class SessionFreshnessTest {

    private static final String PRIMARY = "p";
    private static final long UNKNOWN = FreshnessTracker.UNKNOWN;

    private final SessionFreshness session =
            new SessionFreshness(SessionFreshness.Mode.SESSION, PRIMARY::equals);

    @Test
    void freshSessionMayReadAnywhere() {
        assertTrue(session.mayRead("a", UNKNOWN));
        assertEquals(Long.MIN_VALUE, session.floorNanos());
    }

    @Test
    void readYourWritesNeedsAReplicaFreshAfterTheCommit() {
        session.onWriteCommitted(100);
        assertFalse(session.mayRead("a", 99));
        assertFalse(session.mayRead("a", 100), "equal clock readings cannot order the sample after the commit");
        assertTrue(session.mayRead("a", 101));
        assertFalse(session.mayRead("a", UNKNOWN));
        assertTrue(session.mayRead(PRIMARY, UNKNOWN));
    }

    @Test
    void monotonicReadsAllowTheSameReplicaAgain() {
        session.onRead("a", 200);
        assertTrue(session.mayRead("a", 150), "a replica applies in order: reading it again never goes back");
        assertFalse(session.mayRead("b", 180), "b may not have what the session saw on a");
        assertTrue(session.mayRead("b", 201));
        session.onRead("b", 300);
        assertFalse(session.mayRead("a", 250));
        assertTrue(session.mayRead("a", 301));
    }

    @Test
    void writeAfterAReadRevokesTheSameReplicaShortcut() {
        session.onRead("a", 200);
        session.onWriteCommitted(250);
        assertFalse(session.mayRead("a", 240));
        assertTrue(session.mayRead("a", 251));
        assertEquals(250, session.floorNanos());
    }

    @Test
    void readFromThePrimaryRaisesTheFloor() {
        session.onRead(PRIMARY, 500);
        assertFalse(session.mayRead("a", 400));
        assertTrue(session.mayRead("a", 501));
        assertTrue(session.mayRead(PRIMARY, UNKNOWN));
    }

    @Test
    void floorNeverMovesBack() {
        session.onWriteCommitted(300);
        session.onWriteCommitted(200);
        session.onRead("a", 250);
        assertEquals(300, session.floorNanos());
    }

    @Test
    void offModeAlwaysAllows() {
        SessionFreshness off = new SessionFreshness(SessionFreshness.Mode.OFF, PRIMARY::equals);
        off.onWriteCommitted(100);
        off.onRead("a", 200);
        assertTrue(off.mayRead("b", UNKNOWN));
        assertTrue(off.mayRead("b", 0));
    }

    @Test
    void resetForgetsHistory() {
        session.onWriteCommitted(100);
        session.reset();
        assertTrue(session.mayRead("a", UNKNOWN));
    }

    @Test
    void worksWithTheTrackersFreshness() {
        FakeClock clock = new FakeClock();
        FreshnessTracker tracker = new FreshnessTracker(clock);
        tracker.setPrimary(PRIMARY);
        SessionFreshness s = new SessionFreshness(SessionFreshness.Mode.SESSION, tracker::isPrimary);
        tracker.recordPrimarySample(PostgresLsn.of(10), clock.now());
        tracker.recordReplicaPosition("a", PostgresLsn.of(10), clock.advanceMillis(1));
        s.onWriteCommitted(clock.advanceMillis(1)); // primary now at 11
        assertFalse(s.mayRead("a", tracker.freshAsOfNanos("a")));
        assertTrue(s.mayRead(PRIMARY, tracker.freshAsOfNanos(PRIMARY)));
        tracker.recordPrimarySample(PostgresLsn.of(11), clock.advanceMillis(1));
        tracker.recordReplicaPosition("a", PostgresLsn.of(10), clock.advanceMillis(1));
        assertFalse(s.mayRead("a", tracker.freshAsOfNanos("a")), "the replica has not applied the write");
        tracker.recordReplicaPosition("a", PostgresLsn.of(11), clock.advanceMillis(1));
        assertTrue(s.mayRead("a", tracker.freshAsOfNanos("a")));
    }

    @Test
    void modeParsesTheOptionValue() {
        assertEquals(SessionFreshness.Mode.SESSION, SessionFreshness.Mode.parse(" Session"));
        assertEquals(SessionFreshness.Mode.OFF, SessionFreshness.Mode.parse("off"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SessionFreshness.Mode.parse("strict"));
        assertTrue(e.getMessage().contains("readYourWrites") && e.getMessage().contains("strict"));
    }
}
