package io.rwsplit.driver.internal;

/** A node's role as rwsplit currently believes it. */
public enum NodeRole {
    PRIMARY,
    REPLICA,
    /** Not yet probed, or unreachable at the last probe. */
    UNKNOWN
}
