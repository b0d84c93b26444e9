package io.rwsplit.routing;

/**
 * Where the routing rules send a statement, before node health and freshness are looked at: the reason, the kind of
 * node (or the session's held connection, or nowhere) and how the statement gets its connection. Instances are
 * interned ({@link #of}), so routing allocates nothing.
 *
 * @param reason why (metrics and logs use its code)
 * @param place  which node: {@link Place#REPLICA} is resolved by the caller's replica choice, which may fall back to
 *               the primary with {@link Reason#ALL_REPLICAS_STALE}, {@link Reason#NO_REPLICA_AVAILABLE},
 *               {@link Reason#READ_YOUR_WRITES} or {@link Reason#MONOTONIC_FLOOR}
 * @param lease  how the connection is obtained; {@link Place#HELD} always comes with {@link LeaseKind#USE_HELD}
 */
public record Placement(Reason reason, Place place, LeaseKind lease) {

    /** Which node runs the statement. */
    public enum Place {
        /** The node of the session's held connection. */
        HELD,
        /** The writable primary (fails when there is none). */
        PRIMARY,
        /** The primary, also while writes are refused (two writable nodes): the statement only reads. */
        PRIMARY_FOR_READS,
        /** A replica chosen by freshness and load. */
        REPLICA,
        /** Nowhere: the statement is refused without being sent. */
        REFUSED
    }

    private static final int PLACES = Place.values().length;
    private static final int LEASES = LeaseKind.values().length;
    private static final Placement[] INTERNED = new Placement[Reason.values().length * PLACES * LEASES];

    static {
        for (Reason r : Reason.values()) {
            for (Place p : Place.values()) {
                for (LeaseKind k : LeaseKind.values()) {
                    INTERNED[index(r, p, k)] = new Placement(r, p, k);
                }
            }
        }
    }

    private static int index(Reason r, Place p, LeaseKind k) {
        return (r.ordinal() * PLACES + p.ordinal()) * LEASES + k.ordinal();
    }

    /** The interned placement. */
    public static Placement of(Reason reason, Place place, LeaseKind lease) {
        return INTERNED[index(reason, place, lease)];
    }
}
