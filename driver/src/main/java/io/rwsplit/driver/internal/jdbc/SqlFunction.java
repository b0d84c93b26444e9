package io.rwsplit.driver.internal.jdbc;

import java.sql.SQLException;

/** A JDBC call on a borrowed object (a lent connection, its metadata) that may throw {@link SQLException}. */
@FunctionalInterface
public interface SqlFunction<A, R> {
    R apply(A on) throws SQLException;
}
