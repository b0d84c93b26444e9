package io.rwsplit.consistency;

import io.rwsplit.consistency.internal.MariaDbGtidPosition;
import io.rwsplit.consistency.internal.MySqlGtidSet;
import io.rwsplit.consistency.internal.PostgresLsn;

/**
 * The replication position formats rwsplit reads, with the SQL that reads them.
 *
 * <p>The queries are plain SQL for the vendor; the driver runs them, this module only parses their results.
 */
public enum PositionKind {
    /**
     * MariaDB GTID positions, {@code domain-server-seq[,domain-server-seq...]}, one entry per replication domain.
     * Position A covers B when, for every domain of B, A's sequence number in that domain is at least B's.
     * The empty string is the empty position (nothing applied).
     */
    MARIADB_GTID("mdb", "SELECT @@GLOBAL.gtid_binlog_pos", "SELECT @@GLOBAL.gtid_slave_pos"),

    /**
     * MySQL GTID sets, {@code uuid:1-N[:M-K][,uuid:...]} (tagged GTIDs {@code uuid:tag:1-N} of MySQL 8.3 too).
     * A covers B when A's set is a superset of B's. The empty string is the empty set.
     */
    MYSQL_GTID("my", "SELECT @@GLOBAL.gtid_executed", "SELECT @@GLOBAL.gtid_executed"),

    /**
     * PostgreSQL WAL locations, {@code X/Y} with X and Y hexadecimal, as an unsigned 64-bit number. A covers B when
     * A >= B. {@code 0/0} is the empty position.
     *
     * <p>{@code pg_current_wal_lsn()} is the WAL write location; with {@code synchronous_commit = off} a commit can
     * return before its record is written, so such commits may be missing from a sample taken right after them.
     */
    POSTGRES_LSN("pg", "SELECT pg_current_wal_lsn()", "SELECT pg_last_wal_replay_lsn()");

    private final String tag;
    private final String primaryQuery;
    private final String appliedQuery;

    PositionKind(String tag, String primaryQuery, String appliedQuery) {
        this.tag = tag;
        this.primaryQuery = primaryQuery;
        this.appliedQuery = appliedQuery;
    }

    /** Short, URL-safe tag used in {@link ConsistencyToken}s: {@code mdb}, {@code my} or {@code pg}. */
    public String tag() {
        return tag;
    }

    /** A query returning one row, one column: the position the primary has written. */
    public String primaryPositionQuery() {
        return primaryQuery;
    }

    /** A query returning one row, one column: the position a replica has applied (made visible). */
    public String appliedPositionQuery() {
        return appliedQuery;
    }

    /**
     * Parses a position of this kind, as returned by {@link #primaryPositionQuery()} or
     * {@link #appliedPositionQuery()}. Surrounding white space is ignored.
     *
     * @throws IllegalArgumentException if {@code text} is null or not a position of this kind; the message quotes
     *     the text
     */
    public ReplicationPosition parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException(name() + " position must not be null");
        }
        switch (this) {
            case MARIADB_GTID:
                return MariaDbGtidPosition.parse(text);
            case MYSQL_GTID:
                return MySqlGtidSet.parse(text);
            case POSTGRES_LSN:
                return PostgresLsn.parse(text);
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * The kind with this {@link #tag()}.
     *
     * @throws IllegalArgumentException if no kind has this tag
     */
    public static PositionKind ofTag(String tag) {
        for (PositionKind kind : values()) {
            if (kind.tag.equals(tag)) {
                return kind;
            }
        }
        throw new IllegalArgumentException(
                "unknown replication position kind '" + tag + "', expected one of mdb, my, pg");
    }
}
