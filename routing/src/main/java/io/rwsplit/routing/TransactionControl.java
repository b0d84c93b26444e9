package io.rwsplit.routing;

/** What a statement does to the transaction state, if anything. */
public enum TransactionControl {
    NONE,
    /** BEGIN, START TRANSACTION (read-write or unspecified). */
    BEGIN,
    /** START TRANSACTION READ ONLY, BEGIN READ ONLY, BEGIN TRANSACTION READ ONLY. */
    BEGIN_READ_ONLY,
    /** COMMIT, END. */
    COMMIT,
    /** ROLLBACK (not ROLLBACK TO SAVEPOINT). */
    ROLLBACK,
    /** SAVEPOINT, RELEASE SAVEPOINT, ROLLBACK TO SAVEPOINT. Does not end the transaction. */
    SAVEPOINT
}
