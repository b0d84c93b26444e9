package io.rwsplit.driver.internal;

import io.rwsplit.driver.internal.jdbc.SqlFunction;

import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.NClob;
import java.sql.SQLXML;
import java.sql.Struct;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The JDBC session state face of a logical connection: each setter records the value in {@link SessionState} (applied
 * to every physical connection the session borrows from then on), gives back a kept connection (it has the old
 * state) and sets the held connection too; getters answer locally, without the network. Also the calls that need a
 * physical connection but no routing (LOB factories, {@code nativeSQL}): each on a lent one. {@link LogicalConnection}
 * adds routing, transactions and the lifecycle.
 */
abstract class StatefulConnection implements Connection {
    final SessionState state = new SessionState();
    private final Properties clientInfo = new Properties();

    abstract void checkOpen() throws SQLException;

    /** The connection held for a transaction or a pin, or null. */
    abstract Connection heldConnection();

    abstract boolean transactionActive();

    /** Session state changes: a kept connection goes back, connections borrowed before cannot be kept. */
    abstract void stateChanging();

    /** Runs {@code call} on a lent connection (a replica if {@code preferReplica} and none is held). */
    public abstract <T> T onLent(boolean preferReplica, SqlFunction<Connection, T> call) throws SQLException;

    abstract String defaultCatalog();

    abstract int defaultIsolation() throws SQLException;

    /** Checks the connection is open, gives back a kept connection; returns the held connection, or null. */
    private Connection changing() throws SQLException {
        checkOpen();
        stateChanging();
        return heldConnection();
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        Connection held = changing();
        if (transactionActive() && readOnly != state.readOnly) {
            throw new SQLException("rwsplit cannot change read-only inside a transaction", "25001");
        }
        state.readOnly = readOnly;
        if (held != null) {
            held.setReadOnly(readOnly);
        }
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return state.readOnly;
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        Connection held = changing();
        if (held != null) {
            held.setTransactionIsolation(level);
        }
        state.isolation = level;
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        return state.isolation >= 0 ? state.isolation : defaultIsolation();
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        Connection held = changing();
        if (held != null) {
            held.setCatalog(catalog);
        }
        state.catalog = catalog;
    }

    @Override
    public String getCatalog() throws SQLException {
        checkOpen();
        return state.catalog != null ? state.catalog : defaultCatalog();
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        Connection held = changing();
        if (held != null) {
            held.setSchema(schema);
        }
        state.schema = schema;
    }

    @Override
    public String getSchema() throws SQLException {
        checkOpen();
        return state.schema != null ? state.schema : onLent(true, Connection::getSchema);
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        checkOpen();
        if (milliseconds < 0) {
            throw new SQLException("network timeout must not be negative, but was " + milliseconds, "HY024");
        }
        Connection held = changing();
        if (held != null) {
            held.setNetworkTimeout(executor, milliseconds);
        }
        state.networkTimeout = milliseconds;
        state.networkTimeoutExecutor = executor;
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        checkOpen();
        return Math.max(state.networkTimeout, 0);
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        Connection held = changing();
        if (held != null) {
            held.setHoldability(holdability);
        }
        state.holdability = holdability;
    }

    @Override
    public int getHoldability() throws SQLException {
        checkOpen();
        return state.holdability >= 0 ? state.holdability : ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        checkOpen();
        return state.typeMap == null ? new HashMap<>() : state.typeMap;
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        Connection held = changing();
        if (held != null) {
            held.setTypeMap(map);
        }
        state.typeMap = map;
    }

    // Client info is the application's label for the session: kept here, never sent (each node would need it).

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        if (value == null) {
            clientInfo.remove(name);
        } else {
            clientInfo.setProperty(name, value);
        }
        clientInfoChanged(name, value);
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        String before = clientInfo.getProperty("ApplicationName");
        clientInfo.clear();
        if (properties != null) {
            clientInfo.putAll(properties);
        }
        String after = clientInfo.getProperty("ApplicationName");
        if (before != null || after != null) {
            clientInfoChanged("ApplicationName", after);
        }
    }

    /** A client info property changed: a vendor may send it to the server (PostgreSQL ApplicationName). */
    void clientInfoChanged(String name, String value) {
    }

    /** Forgets every client info property (a request ends). */
    void clearClientInfo() {
        if (clientInfo.getProperty("ApplicationName") != null) {
            clientInfo.clear();
            clientInfoChanged("ApplicationName", null);
        }
        clientInfo.clear();
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        checkOpen();
        return clientInfo.getProperty(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        checkOpen();
        Properties p = new Properties();
        p.putAll(clientInfo);
        return p;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        Connection held = heldConnection();
        return held == null ? null : held.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        Connection held = heldConnection();
        if (held != null) {
            held.clearWarnings();
        }
    }

    // ------------------------------------------------------------------ calls on a lent connection

    @Override
    public String nativeSQL(String sql) throws SQLException {
        return onLent(true, c -> c.nativeSQL(sql));
    }

    @Override
    public Clob createClob() throws SQLException {
        return onLent(false, Connection::createClob);
    }

    @Override
    public Blob createBlob() throws SQLException {
        return onLent(false, Connection::createBlob);
    }

    @Override
    public NClob createNClob() throws SQLException {
        return onLent(false, Connection::createNClob);
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        return onLent(false, Connection::createSQLXML);
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        return onLent(false, c -> c.createArrayOf(typeName, elements));
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        return onLent(false, c -> c.createStruct(typeName, attributes));
    }
}
