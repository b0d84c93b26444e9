package io.rwsplit.driver.internal;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** SQLStates rwsplit uses, and factories that keep them consistent. */
public final class Errors {
    /** Client unable to establish connection (bad URL, unreachable node). */
    public static final String UNABLE_TO_CONNECT = "08001";
    /** Connection failure during a statement; the outcome of that statement is unknown. */
    public static final String CONNECTION_FAILURE = "08006";
    /** Invalid attribute value (a bad option). */
    public static final String INVALID_OPTION = "HY024";
    /** Read-only SQL transaction: a write inside a read-only transaction. */
    public static final String READ_ONLY_TRANSACTION = "25006";
    /** Syntax error or access rule violation (a malformed rwsplit hint). */
    public static final String SYNTAX = "42000";
    /** Object closed. */
    public static final String CLOSED = "08003";

    private Errors() {
    }

    public static SQLException badUrl(String message) {
        return new SQLNonTransientConnectionException(message, UNABLE_TO_CONNECT);
    }

    public static SQLException closed(String what) {
        return new SQLNonTransientConnectionException(what + " is closed", CLOSED);
    }

    public static SQLException unavailable(String message, Throwable cause) {
        return new SQLTransientConnectionException(message, UNABLE_TO_CONNECT, cause);
    }
}
