package io.rwsplit.consistency;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Read-your-writes and monotonic reads for one logical connection, kept as a replication position: the session's
 * <em>floor</em>.
 *
 * <p>The floor is a position that covers everything the session has written or read. A replica may serve the
 * session's next read once its applied position {@linkplain ReplicationPosition#covers covers} the floor: then it
 * has the session's writes and everything its earlier reads could have seen. The floor is learnt after each event
 * (a committed write, a read that returned), in one of two ways:
 * <ul>
 *   <li>from a primary sample of the {@link FreshnessTracker} whose query was sent after the event (strictly after,
 *       by the clock: two equal readings of a coarse clock cannot tell which came first), for free; or</li>
 *   <li>from a position read by a query on the node of the event, sent after it ({@link #settleWith}): the primary's
 *       written position after a write or a read there, the replica's applied position after a read there. This is
 *       the driver's to do when the session wants to move to another node; it costs one query, once per move.</li>
 * </ul>
 * Until then the floor is <em>pending</em>: only the primary and the replica the session last read from serve it.
 *
 * <p>Why the position of the event's node is enough: a session reads on a node only when that node covers the floor
 * (or is the primary, which has everything, or the replica it last read from, which can only have moved forward),
 * so the latest event's node covers every earlier event, and a position it reported after the event covers them all.
 *
 * <pre>{@code
 * SessionFreshness session = new SessionFreshness(SessionFreshness.Mode.SESSION, tracker::isPrimary);
 * session.onWriteCommitted(System.nanoTime());                     // after commit() returned
 * session.settle(tracker);                                         // a sample after the commit, if there is one
 * if (session.isPending()) {
 *     session.settleWith(positionReadOnThePrimary, true, tracker.epoch());   // the driver's query
 * }
 * if (session.mayRead("db2:3306", tracker.appliedPosition("db2:3306"))) { ... read there ...
 *     session.onRead("db2:3306", System.nanoTime());               // after the result arrived
 * }
 * }</pre>
 *
 * <p>After a change of primary ({@link FreshnessTracker#epoch()} moves) a settled floor is forgotten and becomes
 * pending again as of the session's last event: positions of the old primary say nothing certain about the new one's.
 *
 * <p>Call {@link #onWriteCommitted} also when a write's outcome is unknown (the connection broke during commit): it
 * may have committed. Not thread-safe: a logical connection is used by one thread at a time. Allocates nothing.
 */
public final class SessionFreshness {

    /** The {@code readYourWrites} option. */
    public enum Mode {
        /** Read-your-writes and monotonic reads within the logical connection. */
        SESSION,
        /** No session guarantees beyond the staleness bound. */
        OFF;

        /** Parses the option value {@code session} or {@code off} (case-insensitive). */
        public static Mode parse(String value) {
            if (value != null) {
                switch (value.strip().toLowerCase(Locale.ROOT)) {
                    case "session":
                        return SESSION;
                    case "off":
                        return OFF;
                    default:
                        break;
                }
            }
            throw new IllegalArgumentException(
                    "readYourWrites must be one of session, off, but was '" + value + "'");
        }
    }

    private static final long NONE = Long.MIN_VALUE;

    private final Mode mode;
    private final Predicate<String> isPrimary;
    /** Covers every event up to the last settled one; null when nothing is settled. */
    private ReplicationPosition floor;
    /** The primary epoch {@link #floor} belongs to. */
    private int floorEpoch;
    /** Clock reading of the latest event, {@link #NONE} before the first. */
    private long lastEvent = NONE;
    /** Whether {@link #floor} misses the latest event. */
    private boolean pending;
    /** The node of the latest event (null: the primary, for a write). */
    private String eventNode;
    private boolean eventOnPrimary;
    private String lastReadNode;
    private boolean wroteSinceLastRead;
    /** The session wrote, and no replica has served it since: its floor holds its own write. */
    private boolean ownWriteAhead;

    /**
     * @param mode the session guarantees
     * @param isPrimary tells whether a node is the current primary, usually {@code tracker::isPrimary}
     */
    public SessionFreshness(Mode mode, Predicate<String> isPrimary) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.isPrimary = Objects.requireNonNull(isPrimary, "isPrimary");
    }

    public Mode mode() {
        return mode;
    }

    /** A write of this session committed (or may have) on the primary before the clock read {@code nowNanos}. */
    public void onWriteCommitted(long nowNanos) {
        event(nowNanos, null, true);
        wroteSinceLastRead = true;
        ownWriteAhead = true;
    }

    /** A read from {@code nodeId} completed before the clock read {@code readEndNanos}. */
    public void onRead(String nodeId, long readEndNanos) {
        boolean onPrimary = isPrimary.test(nodeId);
        event(readEndNanos, nodeId, onPrimary);
        lastReadNode = nodeId;
        wroteSinceLastRead = false;
        if (!onPrimary) {
            ownWriteAhead = false;
        }
    }

    private void event(long at, String node, boolean onPrimary) {
        if (lastEvent == NONE || at - lastEvent > 0) {
            lastEvent = at;
        }
        pending = true;
        eventNode = node;
        eventOnPrimary = onPrimary;
    }

    /**
     * Settles what the tracker's samples can settle for free: a pending floor becomes the position of the oldest
     * primary sample sent after the latest event; a floor of an earlier primary is forgotten (pending again as of
     * the last event). Cheap when nothing can be settled: two volatile reads.
     */
    public void settle(FreshnessTracker tracker) {
        if (mode == Mode.OFF || lastEvent == NONE) {
            return;
        }
        int epoch = tracker.epoch();
        if (floor != null && floorEpoch != epoch) {
            floor = null;
            pending = true;
        }
        long newestSample = tracker.newestSampleNanos();
        if (!pending || newestSample == FreshnessTracker.UNKNOWN || newestSample - lastEvent <= 0) {
            return;
        }
        ReplicationPosition p = tracker.firstSampleAfter(lastEvent);
        if (p != null && tracker.epoch() == epoch) {
            floor = p;
            floorEpoch = epoch;
            pending = false;
        }
    }

    /**
     * Settles the pending floor with a position read by a query sent after the latest event: on the primary of
     * {@code epoch} ({@code fromPrimary}: its written position covers everything), or on the event's replica
     * ({@link #eventNode()}; its applied position, accepted only if it covers the settled floor). Returns whether the
     * floor is settled now.
     */
    public boolean settleWith(ReplicationPosition observed, boolean fromPrimary, int epoch) {
        Objects.requireNonNull(observed, "observed");
        if (!pending) {
            return true;
        }
        if (!fromPrimary && floor != null && floorEpoch == epoch && !observed.covers(floor)) {
            return false;
        }
        floor = observed;
        floorEpoch = epoch;
        pending = false;
        return true;
    }

    /**
     * Whether a read on {@code nodeId}, whose applied position is {@code applied} (null if unknown), keeps the
     * session's guarantees: always on the primary and on the replica it last read from (unless it wrote since);
     * elsewhere once the floor is settled and covered.
     */
    public boolean mayRead(String nodeId, ReplicationPosition applied) {
        if (mode == Mode.OFF || lastEvent == NONE || isPrimary.test(nodeId) || isSticky(nodeId)) {
            return true;
        }
        return !pending && applied != null && applied.covers(floor);
    }

    /** Whether {@code nodeId} is the replica the session last read from, with no write since: it may read there. */
    public boolean isSticky(String nodeId) {
        return !wroteSinceLastRead && nodeId.equals(lastReadNode);
    }

    /** Whether the session has guarantees to keep at all: on, and it has written or read. */
    public boolean hasFloor() {
        return mode == Mode.SESSION && lastEvent != NONE;
    }

    /** Whether the floor misses the latest event: it must be settled (by a sample or a query) before a move. */
    public boolean isPending() {
        return mode == Mode.SESSION && pending;
    }

    /** The settled floor, or null. */
    public ReplicationPosition floor() {
        return floor;
    }

    /** The node of the latest event, whose position settles the floor; null when it was a write (the primary). */
    public String eventNode() {
        return eventNode;
    }

    /** Whether the latest event happened on the primary (a write, or a read there). */
    public boolean eventOnPrimary() {
        return eventOnPrimary;
    }

    /** Clock reading of the latest event, {@link Long#MIN_VALUE} before the first. */
    public long lastEventNanos() {
        return lastEvent;
    }

    /**
     * Whether the session's own write holds its floor: it wrote and no replica has served it since. Tells a read
     * that stays on the primary for read-your-writes from one that stays for monotonic reads.
     */
    public boolean ownWriteAhead() {
        return mode == Mode.SESSION && ownWriteAhead;
    }

    /** Forgets everything (for a connection returned to a pool and handed to someone else). */
    public void reset() {
        floor = null;
        floorEpoch = 0;
        lastEvent = NONE;
        pending = false;
        eventNode = null;
        eventOnPrimary = false;
        lastReadNode = null;
        wroteSinceLastRead = false;
        ownWriteAhead = false;
    }
}
