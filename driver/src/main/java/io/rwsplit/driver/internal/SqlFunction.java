package io.rwsplit.driver.internal;

import java.sql.SQLException;

/** A JDBC call on a borrowed object (a lent connection, its metadata) that may throw {@link SQLException}. */
@FunctionalInterface
interface SqlFunction<A, R> {
    R apply(A on) throws SQLException;
}
