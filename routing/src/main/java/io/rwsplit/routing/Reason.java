package io.rwsplit.routing;

/**
 * Why a statement went where it went. Every routing decision carries exactly one reason; metrics and DEBUG logs
 * use {@link #code()}.
 */
public enum Reason {
    /** A plain read, spread over fresh replicas. */
    READ(Target.REPLICA, "read"),
    /** {@code /*rwsplit:replica*}{@code /} hint on a statement that is a pure read. */
    HINT_REPLICA(Target.REPLICA, "hint-replica"),
    /** A statement inside a read-only transaction. */
    READ_ONLY_TRANSACTION(Target.REPLICA, "read-only-transaction"),

    /** INSERT, UPDATE, DELETE, REPLACE, MERGE, COPY ... */
    WRITE(Target.PRIMARY, "write"),
    /** CREATE, ALTER, DROP, TRUNCATE, GRANT ... */
    DDL(Target.PRIMARY, "ddl"),
    /** CALL or DO of a procedure. */
    CALL(Target.PRIMARY, "call"),
    /** SELECT ... INTO. */
    SELECT_INTO(Target.PRIMARY, "select-into"),
    /** FOR UPDATE / FOR SHARE / FOR NO KEY UPDATE / FOR KEY SHARE / LOCK IN SHARE MODE. */
    LOCKING_READ(Target.PRIMARY, "locking-read"),
    /** A read calling a function with side effects (nextval, GET_LOCK, LAST_INSERT_ID, sleep ...). */
    SIDE_EFFECT(Target.PRIMARY, "side-effect"),
    /** Touches a table listed in criticalTables. */
    CRITICAL_TABLE(Target.PRIMARY, "critical-table"),
    /** {@code /*rwsplit:primary*}{@code /} hint. */
    HINT_PRIMARY(Target.PRIMARY, "hint-primary"),
    /** The thread-scoped Java API or per-connection control forces the primary. */
    FORCED_PRIMARY(Target.PRIMARY, "forced-primary"),
    /** Inside a read-write transaction (every statement of it runs on the primary). */
    TRANSACTION(Target.PRIMARY, "transaction"),
    /** Transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT) outside a read-only transaction. */
    TRANSACTION_CONTROL(Target.PRIMARY, "transaction-control"),
    /** The statement creates session state rwsplit cannot carry; the connection is pinned to the primary. */
    SESSION_STATE(Target.PRIMARY, "session-state"),
    /**
     * A session statement of constants ({@code SET time_zone = '+00:00'}, {@code SET search_path TO shop}): it runs
     * where a read would and is replayed on every node the session uses from then on; no pin.
     */
    SESSION_SET(Target.REPLICA, "session-set"),
    /** An earlier statement pinned this connection to the primary. */
    PINNED(Target.PRIMARY, "pinned"),
    /** The SQL could not be classified (parse failure, unknown statement type). */
    UNKNOWN_SQL(Target.PRIMARY, "unknown-sql"),
    /** A read that would have gone to a replica, but no replica is fresh enough for the bound. */
    ALL_REPLICAS_STALE(Target.PRIMARY, "all-replicas-stale"),
    /** A read that would have gone to a replica, but no replica is up (breaker open, removed, down). */
    NO_REPLICA_AVAILABLE(Target.PRIMARY, "no-replica-available"),
    /** A read at SERIALIZABLE isolation on PostgreSQL, which hot standbys cannot serve. */
    SERIALIZABLE(Target.PRIMARY, "serializable"),
    /**
     * A read that would have gone to a replica, but none fresh enough has provably applied this session's own last
     * write (read-your-writes), or the position of a consistency token it was given.
     */
    READ_YOUR_WRITES(Target.PRIMARY, "read-your-writes"),
    /**
     * A read that would have gone to a replica, but none fresh enough has provably applied what this session has
     * already read (monotonic reads): after reads on the primary, or when leaving the replica it read from.
     */
    MONOTONIC_FLOOR(Target.PRIMARY, "monotonic-floor");

    private final Target target;
    private final String code;

    Reason(Target target, String code) {
        this.target = target;
        this.code = code;
    }

    public Target target() {
        return target;
    }

    /** Stable, lower-case, dash-separated code for logs and metrics. */
    public String code() {
        return code;
    }
}
