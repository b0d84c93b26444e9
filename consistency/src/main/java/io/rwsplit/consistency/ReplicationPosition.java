package io.rwsplit.consistency;

/**
 * How far a node's replication stream has got: the set of transactions a primary has written, or a replica has
 * applied. Positions of one {@link PositionKind} are compared with {@link #covers}; parse them with
 * {@link PositionKind#parse(String)}.
 *
 * <pre>{@code
 * ReplicationPosition applied = PositionKind.MARIADB_GTID.parse("0-1-100,1-2-7");
 * ReplicationPosition written = PositionKind.MARIADB_GTID.parse("0-1-99");
 * assert applied.covers(written);
 * }</pre>
 *
 * <p>Implementations are immutable and thread-safe, with value equality.
 */
public interface ReplicationPosition {

    /** The kind of position, which tells how it was read and how it is written in a {@link ConsistencyToken}. */
    PositionKind kind();

    /**
     * Whether every transaction in {@code other} is also in this position, so a node at this position has the data
     * of a node at {@code other}. Positions of different kinds never cover each other (the safe answer).
     */
    boolean covers(ReplicationPosition other);

    /** Canonical text, which {@link PositionKind#parse(String)} reads back to an equal position. */
    String format();
}
