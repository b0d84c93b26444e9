package io.rwsplit.driver.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Takes a physical connection back to the state a fresh one has before it returns to its pool, so that no other
 * session inherits what this one set (HikariCP resets JDBC properties only). The cheapest safe way per vendor:
 * <ul>
 *   <li>PostgreSQL: {@code RESET ALL} for replayed variables (back to the values of the connection's start: its
 *       startup packet, where pgjdbc puts application_name and extra_float_digits when it may assume a 9.0 server,
 *       which rwsplit tells it; prepared statements stay); {@code DISCARD ALL} for a pinned connection (temporary
 *       tables, advisory locks and prepared statements go too: pgjdbc sees it and prepares again).</li>
 *   <li>MariaDB, MySQL: none is safe, so the connection is closed (evicted) and its pool opens a new one.
 *       {@code COM_RESET_CONNECTION} (Connector/J's {@code reset()} with {@code useResetConnection}) takes session
 *       variables back to the server's globals, not to what the vendor driver set after connecting (its
 *       {@code sql_mode} additions, the session tracking it relies on): measured on MariaDB 11.4, a reset
 *       connection's {@code sql_mode} differed from a new one's. Re-setting each variable to its value on a new
 *       connection is the cheaper way still to build.</li>
 * </ul>
 */
final class SessionReset {
    private SessionReset() {
    }

    /**
     * Resets {@code c}; {@code pinned}: it may carry more than variables (temporary tables, locks, prepared
     * statements). Returns false when it cannot be reset (then the caller evicts it); throws when the reset failed.
     */
    static boolean reset(Connection c, Vendor vendor, boolean pinned) throws SQLException {
        if (!vendor.isPostgres()) {
            return false;
        }
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
}
