package io.rwsplit.driver.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Takes a physical connection back to the state a fresh one has before it returns to its pool, so that no other
 * session inherits what this one set (HikariCP resets JDBC properties only). The cheapest safe way per vendor:
 * <ul>
 *   <li>PostgreSQL: {@code RESET ALL} for replayed variables (back to the values of the connection's start,
 *       pgjdbc's startup parameters included; prepared statements stay); {@code DISCARD ALL} for a pinned connection
 *       (also temporary tables, advisory locks, prepared statements: pgjdbc sees it and prepares again).</li>
 *   <li>MariaDB, MySQL: {@code COM_RESET_CONNECTION} through the vendor driver, which restores its own view of the
 *       connection after it: MariaDB Connector/J {@code org.mariadb.jdbc.Connection.reset()}, MySQL Connector/J
 *       {@code com.mysql.cj.jdbc.JdbcConnection.resetServerState()}. With neither on the class path, the connection
 *       is closed instead (evicted): never lent again with the state on it.</li>
 * </ul>
 * Looked up once per class; no reflection on the statement path.
 */
final class SessionReset {
    private static final MethodHandle MARIADB_RESET = find("org.mariadb.jdbc.Connection", "reset");
    private static final MethodHandle MYSQL_RESET = find("com.mysql.cj.jdbc.JdbcConnection", "resetServerState");
    private static final Class<?> MARIADB_CONNECTION = MARIADB_RESET == null ? null
            : MARIADB_RESET.type().parameterType(0);
    private static final Class<?> MYSQL_CONNECTION = MYSQL_RESET == null ? null
            : MYSQL_RESET.type().parameterType(0);

    private SessionReset() {
    }

    private static MethodHandle find(String className, String method) {
        try {
            Class<?> type = Class.forName(className, false, SessionReset.class.getClassLoader());
            return MethodHandles.publicLookup().findVirtual(type, method, MethodType.methodType(void.class));
        } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
            return null;
        }
    }

    /**
     * Resets {@code c}; {@code pinned}: it may carry more than variables (temporary tables, locks, prepared
     * statements). Returns false when it cannot be reset (then the caller evicts it); throws when the reset failed.
     */
    static boolean reset(Connection c, Vendor vendor, boolean pinned) throws SQLException {
        if (vendor.isPostgres()) {
            if (!c.getAutoCommit()) {
                // Outside a transaction: DISCARD ALL refuses to run in one, and a rollback would undo RESET ALL.
                c.rollback();
                c.setAutoCommit(true);
            }
            try (Statement s = c.createStatement()) {
                s.execute(pinned ? "DISCARD ALL" : "RESET ALL");
            }
            return true;
        }
        try {
            if (MARIADB_CONNECTION != null && c.isWrapperFor(MARIADB_CONNECTION)) {
                MARIADB_RESET.invoke(c.unwrap(MARIADB_CONNECTION));
                return true;
            }
            if (MYSQL_CONNECTION != null && c.isWrapperFor(MYSQL_CONNECTION)) {
                MYSQL_RESET.invoke(c.unwrap(MYSQL_CONNECTION));
                return true;
            }
        } catch (SQLException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new SQLException("rwsplit: resetting the session failed", "08000", e);
        }
        return false;
    }
}
