package io.rwsplit.driver.internal;

import io.rwsplit.routing.Classification;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;

/**
 * A prepared statement routed at each execution, not at prepare time: executed first as a read, then as a write
 * (another text is another statement, but session state such as a transaction or a forced primary can change
 * between executions), each execution runs where it belongs. Parameters are recorded and bound to the physical
 * statement prepared on the routed node's connection.
 */
public class RoutedPreparedStatement extends RoutedStatement implements PreparedStatement {
    final String sql;
    final Classification classification;
    final Parameters params = new Parameters();
    private List<Parameters> batchParams;

    RoutedPreparedStatement(LogicalConnection conn, StatementShape shape, String sql, Classification classification) {
        super(conn, shape);
        this.sql = sql;
        this.classification = classification;
    }

    @Override
    String sqlText() {
        return sql;
    }

    /** What the previous execution bound must not leak into the next: an unset parameter fails as on a new one. */
    @Override
    void resetForReuse(Statement p) throws SQLException {
        ((PreparedStatement) p).clearParameters();
    }

    // The prepared executions: bind what was recorded, then run (inside the timed call, as the vendor's own binding).

    private static final Execution<ResultSet> QUERY = new Execution<>(Execution.Kind.QUERY,
            (st, s, sql, k) -> ((RoutedPreparedStatement) st).bound(s).executeQuery());
    private static final Execution<Integer> UPDATE = new Execution<>(Execution.Kind.UPDATE,
            (st, s, sql, k) -> ((RoutedPreparedStatement) st).bound(s).executeUpdate());
    private static final Execution<Long> LARGE_UPDATE = new Execution<>(Execution.Kind.UPDATE,
            (st, s, sql, k) -> ((RoutedPreparedStatement) st).bound(s).executeLargeUpdate());
    private static final Execution<Boolean> EXECUTE = new Execution<>(Execution.Kind.EXECUTE,
            (st, s, sql, k) -> ((RoutedPreparedStatement) st).bound(s).execute());

    /** Binds the recorded parameters (and what a subclass records besides) to the physical statement. */
    private PreparedStatement bound(Statement s) throws SQLException {
        PreparedStatement ps = (PreparedStatement) s;
        params.bind(ps);
        bindExtra(ps);
        return ps;
    }

    @Override
    Statement addBatchTo(Statement s) throws SQLException {
        PreparedStatement ps = (PreparedStatement) s;
        for (Parameters p : batchParams) {
            p.bind(ps);
            ps.addBatch();
        }
        return ps;
    }

    /** Binds what a subclass records besides positional parameters. */
    void bindExtra(PreparedStatement ps) throws SQLException {
    }

    private <R> R runPrepared(Execution<R> exec) throws SQLException {
        checkOpen();
        return run(classification, exec, sql, shape.keys());
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        return runPrepared(QUERY);
    }

    @Override
    public int executeUpdate() throws SQLException {
        return runPrepared(UPDATE);
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return runPrepared(LARGE_UPDATE);
    }

    @Override
    public boolean execute() throws SQLException {
        return runPrepared(EXECUTE);
    }

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        if (batchParams == null) {
            batchParams = new ArrayList<>();
        }
        batchParams.add(params.copy());
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        if (batchParams != null) {
            batchParams.clear();
        }
    }

    @Override
    public int[] executeBatch() throws SQLException {
        checkOpen();
        return batchParams == null || batchParams.isEmpty() ? new int[0] : runPreparedBatch(Execution.BATCH);
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        checkOpen();
        return batchParams == null || batchParams.isEmpty() ? new long[0] : runPreparedBatch(Execution.LARGE_BATCH);
    }

    private <R> R runPreparedBatch(Execution<R> exec) throws SQLException {
        try {
            return run(Batches.of(classification), exec, sql, shape.keys());
        } finally {
            batchParams.clear();
        }
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        params.clear();
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        if (phys != null) {
            return ((PreparedStatement) phys).getMetaData();
        }
        return conn.onLent(classification.isRead(), c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                return ps.getMetaData();
            }
        });
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        checkOpen();
        if (phys != null) {
            return ((PreparedStatement) phys).getParameterMetaData();
        }
        return conn.onLent(classification.isRead(), c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                return ps.getParameterMetaData();
            }
        });
    }

    private static SQLException notOnPrepared() {
        return new SQLException("this method takes SQL text and cannot be called on a PreparedStatement", "HY000");
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        throw notOnPrepared();
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        throw notOnPrepared();
    }

    // ------------------------------------------------------------------ parameters

    @Override
    public void setNull(int parameterIndex, int sqlType) throws SQLException {
        checkOpen();
        params.setNull(parameterIndex, sqlType);
    }

    @Override
    public void setBoolean(int parameterIndex, boolean x) throws SQLException {
        checkOpen();
        params.setBoolean(parameterIndex, x);
    }

    @Override
    public void setByte(int parameterIndex, byte x) throws SQLException {
        checkOpen();
        params.setByte(parameterIndex, x);
    }

    @Override
    public void setShort(int parameterIndex, short x) throws SQLException {
        checkOpen();
        params.setShort(parameterIndex, x);
    }

    @Override
    public void setInt(int parameterIndex, int x) throws SQLException {
        checkOpen();
        params.setInt(parameterIndex, x);
    }

    @Override
    public void setLong(int parameterIndex, long x) throws SQLException {
        checkOpen();
        params.setLong(parameterIndex, x);
    }

    @Override
    public void setFloat(int parameterIndex, float x) throws SQLException {
        checkOpen();
        params.setFloat(parameterIndex, x);
    }

    @Override
    public void setDouble(int parameterIndex, double x) throws SQLException {
        checkOpen();
        params.setDouble(parameterIndex, x);
    }

    @Override
    public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
        checkOpen();
        params.setBigDecimal(parameterIndex, x);
    }

    @Override
    public void setString(int parameterIndex, String x) throws SQLException {
        checkOpen();
        params.setString(parameterIndex, x);
    }

    @Override
    public void setNString(int parameterIndex, String value) throws SQLException {
        checkOpen();
        params.setNString(parameterIndex, value);
    }

    @Override
    public void setBytes(int parameterIndex, byte[] x) throws SQLException {
        checkOpen();
        params.setBytes(parameterIndex, x);
    }

    @Override
    public void setDate(int parameterIndex, Date x) throws SQLException {
        checkOpen();
        params.setDate(parameterIndex, x, null);
    }

    @Override
    public void setTime(int parameterIndex, Time x) throws SQLException {
        checkOpen();
        params.setTime(parameterIndex, x, null);
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
        checkOpen();
        params.setTimestamp(parameterIndex, x, null);
    }

    @Override
    public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
        checkOpen();
        params.setDate(parameterIndex, x, cal);
    }

    @Override
    public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
        checkOpen();
        params.setTime(parameterIndex, x, cal);
    }

    @Override
    public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
        checkOpen();
        params.setTimestamp(parameterIndex, x, cal);
    }

    @Override
    public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
        checkOpen();
        params.setNull(parameterIndex, sqlType, typeName);
    }

    @Override
    public void setObject(int parameterIndex, Object x) throws SQLException {
        checkOpen();
        params.setObject(parameterIndex, x);
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
        checkOpen();
        params.setObject(parameterIndex, x, targetSqlType);
    }

    @Override
    public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        checkOpen();
        params.setObject(parameterIndex, x, targetSqlType, scaleOrLength);
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
        checkOpen();
        params.setObject(parameterIndex, x, targetSqlType);
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        checkOpen();
        params.setObject(parameterIndex, x, targetSqlType, scaleOrLength);
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
        checkOpen();
        params.setBinder(parameterIndex, (ps, j) -> ps.setAsciiStream(j, x, length));
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
        checkOpen();
        params.setBinder(parameterIndex, (ps, j) -> ps.setAsciiStream(j, x, length));
    }

    @Override
    public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
        checkOpen();
        params.setBinder(parameterIndex, (ps, j) -> ps.setAsciiStream(j, x));
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
        checkOpen();
        params.setBinder(parameterIndex, (ps, j) -> ps.setBinaryStream(j, x, length));
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
        checkOpen();
        params.setBinder(parameterIndex, (ps, j) -> ps.setBinaryStream(j, x, length));
    }

    @Override
    public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
        checkOpen();
        params.setBinder(parameterIndex, (ps, j) -> ps.setBinaryStream(j, x));
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
        checkOpen();
        params.setBinder(parameterIndex, (ps, j) -> ps.setCharacterStream(j, reader, length));
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
        checkOpen();
        params.setBinder(parameterIndex, (ps, j) -> ps.setCharacterStream(j, reader, length));
    }

    @Override
    public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
        checkOpen();
        params.setBinder(parameterIndex, (ps, j) -> ps.setCharacterStream(j, reader));
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
        checkOpen();
        params.setBinder(parameterIndex, (ps, j) -> ps.setNCharacterStream(j, value, length));
    }

    @Override
    public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
        checkOpen();
        params.setBinder(parameterIndex, (ps, j) -> ps.setNCharacterStream(j, value));
    }

    @Override
    public void setRef(int parameterIndex, Ref x) throws SQLException {
        checkOpen();
        params.setBinder(parameterIndex, (ps, j) -> ps.setRef(j, x));
    }

    @Override
    public void setBlob(int parameterIndex, Blob x) throws SQLException {
        checkOpen();
        params.setBinder(parameterIndex, (ps, j) -> ps.setBlob(j, x));
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
        checkOpen();
        params.setBinder(parameterIndex, (ps, j) -> ps.setBlob(j, inputStream, length));
    }

    @Override
    public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
        checkOpen();
        params.setBinder(parameterIndex, (ps, j) -> ps.setBlob(j, inputStream));
    }

    @Override
    public void setClob(int parameterIndex, Clob x) throws SQLException {
        checkOpen();
        params.setBinder(parameterIndex, (ps, j) -> ps.setClob(j, x));
    }

    @Override
    public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
        checkOpen();
        params.setBinder(parameterIndex, (ps, j) -> ps.setClob(j, reader, length));
    }

    @Override
    public void setClob(int parameterIndex, Reader reader) throws SQLException {
        checkOpen();
        params.setBinder(parameterIndex, (ps, j) -> ps.setClob(j, reader));
    }

    @Override
    public void setNClob(int parameterIndex, NClob value) throws SQLException {
        checkOpen();
        params.setBinder(parameterIndex, (ps, j) -> ps.setNClob(j, value));
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
        checkOpen();
        params.setBinder(parameterIndex, (ps, j) -> ps.setNClob(j, reader, length));
    }

    @Override
    public void setNClob(int parameterIndex, Reader reader) throws SQLException {
        checkOpen();
        params.setBinder(parameterIndex, (ps, j) -> ps.setNClob(j, reader));
    }

    @Override
    public void setArray(int parameterIndex, Array x) throws SQLException {
        checkOpen();
        params.setBinder(parameterIndex, (ps, j) -> ps.setArray(j, x));
    }

    @Override
    public void setURL(int parameterIndex, URL x) throws SQLException {
        checkOpen();
        params.setBinder(parameterIndex, (ps, j) -> ps.setURL(j, x));
    }

    @Override
    public void setRowId(int parameterIndex, RowId x) throws SQLException {
        checkOpen();
        params.setBinder(parameterIndex, (ps, j) -> ps.setRowId(j, x));
    }

    @Override
    public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
        checkOpen();
        params.setBinder(parameterIndex, (ps, j) -> ps.setSQLXML(j, xmlObject));
    }

    @Override
    @Deprecated
    public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
        throw new SQLFeatureNotSupportedException("setUnicodeStream is deprecated; rwsplit does not support it", "0A000");
    }
}
