package io.rwsplit.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwsplit.consistency.internal.MariaDbGtidPosition;
import io.rwsplit.consistency.internal.PostgresLsn;
import org.junit.jupiter.api.Test;

class SessionFreshnessTest {

    private static final String PRIMARY = "p";

    private final FakeClock clock = new FakeClock();
    private final FreshnessTracker tracker = new FreshnessTracker(clock, 16);
    private final SessionFreshness session;

    SessionFreshnessTest() {
        tracker.setPrimary(PRIMARY);
        session = new SessionFreshness(SessionFreshness.Mode.SESSION, tracker::isPrimary);
    }

    private static ReplicationPosition lsn(long v) {
        return PostgresLsn.of(v);
    }

    @Test
    void aNewSessionMayReadAnywhere() {
        assertTrue(session.mayRead("a", null));
        assertFalse(session.hasFloor());
        assertFalse(session.isPending());
    }

    @Test
    void aWriteIsPendingUntilASampleSentAfterItSettlesTheFloor() {
        tracker.recordPrimarySample(lsn(10), clock.now());
        session.onWriteCommitted(clock.advanceMillis(1));
        session.settle(tracker);
        assertTrue(session.isPending(), "the only sample was sent before the commit");
        assertFalse(session.mayRead("a", lsn(1_000)), "a pending floor is proven by nothing a probe saw");
        assertTrue(session.mayRead(PRIMARY, null));
        long sampleAt = clock.now();
        tracker.recordPrimarySample(lsn(11), sampleAt);
        session.settle(tracker);
        assertTrue(session.isPending(), "a sample sent at the same clock reading as the commit cannot be ordered");
        tracker.recordPrimarySample(lsn(12), clock.advanceMillis(1));
        tracker.recordPrimarySample(lsn(13), clock.advanceMillis(1));
        session.settle(tracker);
        assertFalse(session.isPending());
        assertEquals(lsn(12), session.floor(), "the oldest sample sent after the commit: the lowest sound floor");
        assertFalse(session.mayRead("a", lsn(11)));
        assertTrue(session.mayRead("a", lsn(12)));
        assertFalse(session.mayRead("a", null), "unknown applied position");
    }

    @Test
    void aPositionReadAfterTheEventSettlesTheFloorAtOnce() {
        session.onWriteCommitted(clock.now());
        assertTrue(session.eventOnPrimary());
        assertNull(session.eventNode(), "a write's position is read on the primary");
        assertTrue(session.settleWith(lsn(40), true, tracker.epoch()));
        assertFalse(session.mayRead("a", lsn(39)), "the replica lacks the write");
        assertTrue(session.mayRead("a", lsn(40)));
    }

    @Test
    void readingTheSameReplicaAgainNeedsNoProofButMovingDoes() {
        session.onRead("a", clock.now());
        assertTrue(session.mayRead("a", null), "a replica applies in order: reading it again never goes back");
        assertFalse(session.mayRead("b", lsn(1_000)), "b may not have what the session saw on a");
        assertEquals("a", session.eventNode());
        assertFalse(session.eventOnPrimary());
        assertTrue(session.settleWith(lsn(70), false, tracker.epoch()), "a's applied position, read after the read");
        assertFalse(session.mayRead("b", lsn(69)));
        assertTrue(session.mayRead("b", lsn(70)));
        session.onRead("b", clock.advanceMillis(1));
        assertFalse(session.mayRead("a", lsn(1_000)), "after reading b, a must be proven again");
    }

    @Test
    void aReplicasPositionThatDoesNotCoverTheSettledFloorIsRefused() {
        session.onRead(PRIMARY, clock.now());
        session.settleWith(lsn(50), true, tracker.epoch());
        // Cannot happen when the driver is right (it read on "a" only if "a" covered 50), and must not lower the floor.
        session.onRead("a", clock.advanceMillis(1));
        assertFalse(session.settleWith(lsn(45), false, tracker.epoch()));
        assertTrue(session.isPending());
        assertTrue(session.settleWith(lsn(45), true, tracker.epoch()), "the primary's position covers everything");
    }

    @Test
    void aReadOnThePrimaryIsAFloorLikeAWriteButNotOneOfTheSessionsOwn() {
        session.onRead(PRIMARY, clock.now());
        assertTrue(session.eventOnPrimary());
        assertFalse(session.ownWriteAhead(), "monotonic reads hold this floor, not read-your-writes");
        assertFalse(session.mayRead("a", lsn(1_000)));
        session.settleWith(lsn(5), true, tracker.epoch());
        assertTrue(session.mayRead("a", lsn(5)));
    }

    @Test
    void theOwnWriteHoldsTheFloorUntilAReplicaServesTheSession() {
        session.onWriteCommitted(clock.now());
        assertTrue(session.ownWriteAhead());
        session.onRead(PRIMARY, clock.advanceMillis(1));
        assertTrue(session.ownWriteAhead(), "a read on the primary does not prove any replica has the write");
        session.settleWith(lsn(9), true, tracker.epoch());
        session.onRead("a", clock.advanceMillis(1));
        assertFalse(session.ownWriteAhead());
    }

    @Test
    void aWriteAfterAReadRevokesTheSameReplicaShortcut() {
        session.onRead("a", clock.now());
        session.onWriteCommitted(clock.advanceMillis(1));
        assertFalse(session.mayRead("a", lsn(1_000)), "pending: a may lack the write");
        session.settleWith(lsn(30), true, tracker.epoch());
        assertFalse(session.mayRead("a", lsn(29)));
        assertTrue(session.mayRead("a", lsn(30)));
    }

    @Test
    void aNewPrimaryMakesASettledFloorPendingAgain() {
        session.onWriteCommitted(clock.now());
        session.settleWith(lsn(100), true, tracker.epoch());
        assertTrue(session.mayRead("a", lsn(100)));
        tracker.clearSamples();
        session.settle(tracker);
        assertTrue(session.isPending(), "positions of the old primary say nothing certain about the new one's");
        assertFalse(session.mayRead("a", lsn(100)));
        tracker.recordPrimarySample(lsn(20), clock.advanceMillis(1));
        session.settle(tracker);
        assertEquals(lsn(20), session.floor(), "the new primary's first sample after the session's last event");
        assertTrue(session.mayRead("a", lsn(20)));
    }

    @Test
    void positionsAreComparedAsTheVendorDoes() {
        session.onWriteCommitted(clock.now());
        session.settleWith(MariaDbGtidPosition.parse("0-1-10,1-2-5"), true, tracker.epoch());
        assertFalse(session.mayRead("a", MariaDbGtidPosition.parse("0-1-10")), "domain 1 missing");
        assertFalse(session.mayRead("a", lsn(1_000)), "another kind of position covers nothing");
        assertTrue(session.mayRead("a", MariaDbGtidPosition.parse("0-3-11,1-2-5")), "server ids do not count");
    }

    @Test
    void offModeAlwaysAllows() {
        SessionFreshness off = new SessionFreshness(SessionFreshness.Mode.OFF, PRIMARY::equals);
        off.onWriteCommitted(100);
        off.onRead("a", 200);
        assertTrue(off.mayRead("b", null));
        assertFalse(off.isPending());
        assertFalse(off.hasFloor());
        assertFalse(off.ownWriteAhead());
    }

    @Test
    void resetForgetsHistory() {
        session.onWriteCommitted(100);
        session.reset();
        assertTrue(session.mayRead("a", null));
        assertFalse(session.isPending());
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
