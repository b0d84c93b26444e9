package io.rwsplit.driver.internal.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Lends a physical connection of the session for calls that are no routed statement (metadata). */
public interface Lender {
    /** Runs {@code call} on a lent connection (the held one, else a replica's if {@code preferReplica}, else the primary's). */
    <T> T onLent(boolean preferReplica, SqlFunction<Connection, T> call) throws SQLException;

    /** A metadata result set read on a lent connection (a replica's if none is held), lent until it is closed. */
    ResultSet lentRows(SqlFunction<DatabaseMetaData, ResultSet> call) throws SQLException;
}
