package io.rwsplit.driver;

import io.rwsplit.routing.Reason;

/**
 * Per-connection control of rwsplit, reached through {@link java.sql.Connection#unwrap(Class)}:
 *
 * <pre>{@code
 * RwSplitConnection rw = connection.unwrap(RwSplitConnection.class);
 * rw.setForcePrimary(true);   // every statement of this connection runs on the primary
 * }</pre>
 */
public interface RwSplitConnection {
    /** Forces (or stops forcing) every statement of this connection onto the primary. */
    void setForcePrimary(boolean force);

    boolean isForcePrimary();

    /** Whether an earlier statement created session state that pins this connection to the primary. */
    boolean isPinnedToPrimary();

    /** {@code host:port} of the node that ran this connection's last statement, or null before the first one. */
    String lastNode();

    /** Why the last statement ran where it ran, or null before the first one. */
    Reason lastReason();
}
