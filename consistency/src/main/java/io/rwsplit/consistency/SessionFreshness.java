package io.rwsplit.consistency;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Read-your-writes and monotonic reads for one logical connection, from the node freshness a
 * {@link FreshnessTracker} measures.
 *
 * <p>The session keeps a <em>floor</em>: a clock reading such that every piece of data the session has written or
 * read was committed on the primary before it. The floor is the later of
 * <ul>
 *   <li>the time of the session's last committed write, read after the commit returned, and</li>
 *   <li>the end time of its last read, read after the read's result arrived.</li>
 * </ul>
 * A replica is fresh as of {@code f} when it has applied a primary sample whose query was sent after the clock
 * read {@code f}. If {@code f > floor}, that sample was started after the commit (or the read) had completed, so
 * it includes the write (or everything the read could have seen), and so does the replica. That is why a node may
 * serve the session's next read when its freshness is strictly after the floor. The comparison is strict because
 * two equal readings of a coarse clock cannot tell which event came first.
 *
 * <p>Two exceptions need no freshness at all: the primary has everything, and the replica that served the
 * session's last read, if the session has not written since, can only have moved forward (a replica applies the
 * primary's changes in order), so reading there again never goes back in time.
 *
 * <pre>{@code
 * SessionFreshness session = new SessionFreshness(SessionFreshness.Mode.SESSION, tracker::isPrimary);
 * session.onWriteCommitted(System.nanoTime());          // after commit() returned
 * if (session.mayRead("db2:3306", tracker.freshAsOfNanos("db2:3306"))) { ... read there ...
 *     session.onRead("db2:3306", System.nanoTime());    // after the result arrived
 * }
 * }</pre>
 *
 * <p>Recording reads from the primary is required for monotonic reads, and it has a price: data read from the
 * primary is as new as it gets, so after such a read only a replica that has applied a sample taken after the read
 * qualifies. A session that keeps reading from the primary more often than the probe interval stays there until it
 * pauses.
 *
 * <p>Call {@link #onWriteCommitted} also when a write's outcome is unknown (the connection broke during commit):
 * it may have committed. Not thread-safe: a logical connection is used by one thread at a time.
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
    private long writeFloor = NONE;
    private long lastReadEnd = NONE;
    private String lastReadNode;
    private boolean wroteSinceLastRead;

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

    /** A write of this session committed (or may have) before the clock read {@code nowNanos}. */
    public void onWriteCommitted(long nowNanos) {
        if (writeFloor == NONE || nowNanos - writeFloor > 0) {
            writeFloor = nowNanos;
        }
        wroteSinceLastRead = true;
    }

    /** A read from {@code nodeId} completed before the clock read {@code readEndNanos}. */
    public void onRead(String nodeId, long readEndNanos) {
        if (lastReadEnd == NONE || readEndNanos - lastReadEnd > 0) {
            lastReadEnd = readEndNanos;
        }
        lastReadNode = nodeId;
        wroteSinceLastRead = false;
    }

    /**
     * Whether a read on {@code nodeId}, fresh as of {@code nodeFreshAsOfNanos} ({@link FreshnessTracker#UNKNOWN}
     * if unknown), keeps the session's guarantees.
     */
    public boolean mayRead(String nodeId, long nodeFreshAsOfNanos) {
        if (mode == Mode.OFF || isPrimary.test(nodeId)) {
            return true;
        }
        if (!wroteSinceLastRead && nodeId.equals(lastReadNode)) {
            return true;
        }
        long floor = floorNanos();
        if (floor == NONE) {
            return true;
        }
        return nodeFreshAsOfNanos != FreshnessTracker.UNKNOWN && nodeFreshAsOfNanos - floor > 0;
    }

    /**
     * The floor: a node other than the primary and the last-read replica must be fresh strictly after it;
     * {@link Long#MIN_VALUE} when the session has neither written nor read.
     */
    public long floorNanos() {
        if (writeFloor == NONE) {
            return lastReadEnd;
        }
        if (lastReadEnd == NONE) {
            return writeFloor;
        }
        return writeFloor - lastReadEnd > 0 ? writeFloor : lastReadEnd;
    }

    /** Forgets everything (for a connection returned to a pool and handed to someone else). */
    public void reset() {
        writeFloor = NONE;
        lastReadEnd = NONE;
        lastReadNode = null;
        wroteSinceLastRead = false;
    }
}
