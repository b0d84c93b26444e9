package io.rwsplit.driver.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The settings of a routed statement (max rows, fetch size, timeouts, ...): recorded when the application sets them and
 * applied to the physical statement of every execution, only those that were set (the vendor's defaults stay
 * otherwise). {@link RoutedStatement} adds the executions.
 */
abstract class ConfiguredStatement implements Statement {
    private int maxRows = -1;
    private long largeMaxRows = -1;
    private int fetchSize = -1;
    private int fetchDirection = -1;
    private int queryTimeout = -1;
    private int maxFieldSize = -1;
    private int escapeProcessing = -1;
    private int poolable = -1;
    private String cursorName;
    private boolean closeOnCompletion;

    abstract void checkOpen() throws SQLException;

    boolean closesOnCompletion() {
        return closeOnCompletion;
    }

    /** Applies the settings the application made to a physical statement of this one. */
    final void applySettings(Statement s) throws SQLException {
        if (maxRows >= 0) {
            s.setMaxRows(maxRows);
        }
        if (largeMaxRows >= 0) {
            s.setLargeMaxRows(largeMaxRows);
        }
        if (fetchSize >= 0) {
            s.setFetchSize(fetchSize);
        }
        if (fetchDirection >= 0) {
            s.setFetchDirection(fetchDirection);
        }
        if (queryTimeout >= 0) {
            s.setQueryTimeout(queryTimeout);
        }
        if (maxFieldSize >= 0) {
            s.setMaxFieldSize(maxFieldSize);
        }
        if (escapeProcessing >= 0) {
            s.setEscapeProcessing(escapeProcessing == 1);
        }
        if (poolable >= 0) {
            s.setPoolable(poolable == 1);
        }
        if (cursorName != null) {
            s.setCursorName(cursorName);
        }
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        checkOpen();
        return Math.max(maxFieldSize, 0);
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw new SQLException("max field size must not be negative, but was " + max, "HY024");
        }
        maxFieldSize = max;
    }

    @Override
    public int getMaxRows() throws SQLException {
        checkOpen();
        return Math.max(maxRows, 0);
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw new SQLException("max rows must not be negative, but was " + max, "HY024");
        }
        maxRows = max;
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        checkOpen();
        return largeMaxRows >= 0 ? largeMaxRows : Math.max(maxRows, 0);
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        checkOpen();
        if (max < 0) {
            throw new SQLException("max rows must not be negative, but was " + max, "HY024");
        }
        largeMaxRows = max;
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        checkOpen();
        escapeProcessing = enable ? 1 : 0;
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        checkOpen();
        return Math.max(queryTimeout, 0);
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        checkOpen();
        if (seconds < 0) {
            throw new SQLException("query timeout must not be negative, but was " + seconds, "HY024");
        }
        queryTimeout = seconds;
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        checkOpen();
        cursorName = name;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        checkOpen();
        fetchDirection = direction;
    }

    @Override
    public int getFetchDirection() throws SQLException {
        checkOpen();
        return fetchDirection >= 0 ? fetchDirection : ResultSet.FETCH_FORWARD;
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        checkOpen();
        if (rows < 0) {
            throw new SQLException("fetch size must not be negative, but was " + rows, "HY024");
        }
        fetchSize = rows;
    }

    @Override
    public int getFetchSize() throws SQLException {
        checkOpen();
        return Math.max(fetchSize, 0);
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        checkOpen();
        this.poolable = poolable ? 1 : 0;
    }

    @Override
    public boolean isPoolable() throws SQLException {
        checkOpen();
        return poolable == 1;
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        checkOpen();
        closeOnCompletion = true;
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        checkOpen();
        return closeOnCompletion;
    }
}
