package io.rwsplit.routing;

/** Where a statement runs. */
public enum Target {
    PRIMARY,
    REPLICA
}
