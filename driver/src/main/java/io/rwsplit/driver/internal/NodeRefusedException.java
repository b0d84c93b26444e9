package io.rwsplit.driver.internal;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;

/**
 * A node's server refused a new connection for its configuration (credentials, database, account, transport;
 * {@link ConnectRefusal}): the vendor's message first, its SQLState and vendor code, the vendor's exception as the
 * cause. Non-transient: the same attempt fails again until the configuration or the server changes. Nothing was sent.
 * It does not count against the node's health ({@link NodeHealthRule#borrowFailureCounts}): the node answered.
 */
final class NodeRefusedException extends SQLNonTransientConnectionException {
    private static final long serialVersionUID = 1L;

    NodeRefusedException(String message, SQLException vendor) {
        super(message, vendor.getSQLState(), vendor.getErrorCode(), vendor);
    }
}
