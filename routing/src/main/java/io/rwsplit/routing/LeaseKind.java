package io.rwsplit.routing;

/** How a routed statement gets its physical connection. */
public enum LeaseKind {
    /** The connection the session already holds for its transaction or pin. */
    USE_HELD,
    /** A connection for this one statement: the session's kept one if it is on the node, else one borrowed. */
    ONE_STATEMENT,
    /** A connection the session holds from this statement on: the statement opens a transaction. */
    HOLD
}
