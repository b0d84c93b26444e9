package io.rwsplit.routing;

/** A routing hint found in a {@code /*rwsplit:...*}{@code /} comment. */
public enum Hint {
    NONE,
    PRIMARY,
    REPLICA
}
