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
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.sql.CallableStatement;

/**
 * A callable statement. Output parameter registrations and named parameters are recorded like positional ones
 * and applied to the physical callable statement of each execution; output values are read from the last
 * execution's physical statement.
 */
public final class RoutedCallableStatement extends RoutedPreparedStatement implements CallableStatement {
    /** A recorded call on the physical callable statement. */
    @FunctionalInterface
    interface Call {
        void apply(CallableStatement cs) throws SQLException;
    }

    private final List<Call> calls = new ArrayList<>();

    RoutedCallableStatement(LogicalConnection conn, StatementShape shape, String sql, Classification classification) {
        super(conn, shape, sql, classification);
    }

    /** Output parameters are registered per physical statement: each execution prepares its own. */
    @Override
    boolean reusesPhysical() {
        return false;
    }

    @Override
    void bindExtra(PreparedStatement ps) throws SQLException {
        CallableStatement cs = (CallableStatement) ps;
        for (Call call : calls) {
            call.apply(cs);
        }
    }

    @Override
    public void clearParameters() throws SQLException {
        super.clearParameters();
        calls.clear();
    }

    private CallableStatement cs() throws SQLException {
        checkOpen();
        if (phys == null) {
            throw new SQLException("output parameters are read after an execution; none has run", "HY010");
        }
        return (CallableStatement) phys;
    }

    // ------------------------------------------------------------------ recorded calls and output values

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.registerOutParameter(parameterIndex, sqlType));
    }

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType, int scale) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.registerOutParameter(parameterIndex, sqlType, scale));
    }

    @Override
    public boolean wasNull() throws SQLException {
        return cs().wasNull();
    }

    @Override
    public String getString(int parameterIndex) throws SQLException {
        return cs().getString(parameterIndex);
    }

    @Override
    public boolean getBoolean(int parameterIndex) throws SQLException {
        return cs().getBoolean(parameterIndex);
    }

    @Override
    public byte getByte(int parameterIndex) throws SQLException {
        return cs().getByte(parameterIndex);
    }

    @Override
    public short getShort(int parameterIndex) throws SQLException {
        return cs().getShort(parameterIndex);
    }

    @Override
    public int getInt(int parameterIndex) throws SQLException {
        return cs().getInt(parameterIndex);
    }

    @Override
    public long getLong(int parameterIndex) throws SQLException {
        return cs().getLong(parameterIndex);
    }

    @Override
    public float getFloat(int parameterIndex) throws SQLException {
        return cs().getFloat(parameterIndex);
    }

    @Override
    public double getDouble(int parameterIndex) throws SQLException {
        return cs().getDouble(parameterIndex);
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int parameterIndex, int scale) throws SQLException {
        return cs().getBigDecimal(parameterIndex, scale);
    }

    @Override
    public byte[] getBytes(int parameterIndex) throws SQLException {
        return cs().getBytes(parameterIndex);
    }

    @Override
    public Date getDate(int parameterIndex) throws SQLException {
        return cs().getDate(parameterIndex);
    }

    @Override
    public Time getTime(int parameterIndex) throws SQLException {
        return cs().getTime(parameterIndex);
    }

    @Override
    public Timestamp getTimestamp(int parameterIndex) throws SQLException {
        return cs().getTimestamp(parameterIndex);
    }

    @Override
    public Object getObject(int parameterIndex) throws SQLException {
        return cs().getObject(parameterIndex);
    }

    @Override
    public BigDecimal getBigDecimal(int parameterIndex) throws SQLException {
        return cs().getBigDecimal(parameterIndex);
    }

    @Override
    public Object getObject(int parameterIndex, Map<String, Class<?>> map) throws SQLException {
        return cs().getObject(parameterIndex, map);
    }

    @Override
    public Ref getRef(int parameterIndex) throws SQLException {
        return cs().getRef(parameterIndex);
    }

    @Override
    public Blob getBlob(int parameterIndex) throws SQLException {
        return cs().getBlob(parameterIndex);
    }

    @Override
    public Clob getClob(int parameterIndex) throws SQLException {
        return cs().getClob(parameterIndex);
    }

    @Override
    public Array getArray(int parameterIndex) throws SQLException {
        return cs().getArray(parameterIndex);
    }

    @Override
    public Date getDate(int parameterIndex, Calendar cal) throws SQLException {
        return cs().getDate(parameterIndex, cal);
    }

    @Override
    public Time getTime(int parameterIndex, Calendar cal) throws SQLException {
        return cs().getTime(parameterIndex, cal);
    }

    @Override
    public Timestamp getTimestamp(int parameterIndex, Calendar cal) throws SQLException {
        return cs().getTimestamp(parameterIndex, cal);
    }

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType, String typeName) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.registerOutParameter(parameterIndex, sqlType, typeName));
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.registerOutParameter(parameterName, sqlType));
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType, int scale) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.registerOutParameter(parameterName, sqlType, scale));
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType, String typeName) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.registerOutParameter(parameterName, sqlType, typeName));
    }

    @Override
    public URL getURL(int parameterIndex) throws SQLException {
        return cs().getURL(parameterIndex);
    }

    @Override
    public void setURL(String parameterName, URL val) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setURL(parameterName, val));
    }

    @Override
    public void setNull(String parameterName, int sqlType) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setNull(parameterName, sqlType));
    }

    @Override
    public void setBoolean(String parameterName, boolean x) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setBoolean(parameterName, x));
    }

    @Override
    public void setByte(String parameterName, byte x) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setByte(parameterName, x));
    }

    @Override
    public void setShort(String parameterName, short x) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setShort(parameterName, x));
    }

    @Override
    public void setInt(String parameterName, int x) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setInt(parameterName, x));
    }

    @Override
    public void setLong(String parameterName, long x) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setLong(parameterName, x));
    }

    @Override
    public void setFloat(String parameterName, float x) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setFloat(parameterName, x));
    }

    @Override
    public void setDouble(String parameterName, double x) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setDouble(parameterName, x));
    }

    @Override
    public void setBigDecimal(String parameterName, BigDecimal x) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setBigDecimal(parameterName, x));
    }

    @Override
    public void setString(String parameterName, String x) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setString(parameterName, x));
    }

    @Override
    public void setBytes(String parameterName, byte[] x) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setBytes(parameterName, x));
    }

    @Override
    public void setDate(String parameterName, Date x) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setDate(parameterName, x));
    }

    @Override
    public void setTime(String parameterName, Time x) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setTime(parameterName, x));
    }

    @Override
    public void setTimestamp(String parameterName, Timestamp x) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setTimestamp(parameterName, x));
    }

    @Override
    public void setAsciiStream(String parameterName, InputStream x, int length) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setAsciiStream(parameterName, x, length));
    }

    @Override
    public void setBinaryStream(String parameterName, InputStream x, int length) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setBinaryStream(parameterName, x, length));
    }

    @Override
    public void setObject(String parameterName, Object x, int targetSqlType, int scale) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setObject(parameterName, x, targetSqlType, scale));
    }

    @Override
    public void setObject(String parameterName, Object x, int targetSqlType) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setObject(parameterName, x, targetSqlType));
    }

    @Override
    public void setObject(String parameterName, Object x) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setObject(parameterName, x));
    }

    @Override
    public void setCharacterStream(String parameterName, Reader reader, int length) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setCharacterStream(parameterName, reader, length));
    }

    @Override
    public void setDate(String parameterName, Date x, Calendar cal) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setDate(parameterName, x, cal));
    }

    @Override
    public void setTime(String parameterName, Time x, Calendar cal) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setTime(parameterName, x, cal));
    }

    @Override
    public void setTimestamp(String parameterName, Timestamp x, Calendar cal) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setTimestamp(parameterName, x, cal));
    }

    @Override
    public void setNull(String parameterName, int sqlType, String typeName) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setNull(parameterName, sqlType, typeName));
    }

    @Override
    public String getString(String parameterName) throws SQLException {
        return cs().getString(parameterName);
    }

    @Override
    public boolean getBoolean(String parameterName) throws SQLException {
        return cs().getBoolean(parameterName);
    }

    @Override
    public byte getByte(String parameterName) throws SQLException {
        return cs().getByte(parameterName);
    }

    @Override
    public short getShort(String parameterName) throws SQLException {
        return cs().getShort(parameterName);
    }

    @Override
    public int getInt(String parameterName) throws SQLException {
        return cs().getInt(parameterName);
    }

    @Override
    public long getLong(String parameterName) throws SQLException {
        return cs().getLong(parameterName);
    }

    @Override
    public float getFloat(String parameterName) throws SQLException {
        return cs().getFloat(parameterName);
    }

    @Override
    public double getDouble(String parameterName) throws SQLException {
        return cs().getDouble(parameterName);
    }

    @Override
    public byte[] getBytes(String parameterName) throws SQLException {
        return cs().getBytes(parameterName);
    }

    @Override
    public Date getDate(String parameterName) throws SQLException {
        return cs().getDate(parameterName);
    }

    @Override
    public Time getTime(String parameterName) throws SQLException {
        return cs().getTime(parameterName);
    }

    @Override
    public Timestamp getTimestamp(String parameterName) throws SQLException {
        return cs().getTimestamp(parameterName);
    }

    @Override
    public Object getObject(String parameterName) throws SQLException {
        return cs().getObject(parameterName);
    }

    @Override
    public BigDecimal getBigDecimal(String parameterName) throws SQLException {
        return cs().getBigDecimal(parameterName);
    }

    @Override
    public Object getObject(String parameterName, Map<String, Class<?>> map) throws SQLException {
        return cs().getObject(parameterName, map);
    }

    @Override
    public Ref getRef(String parameterName) throws SQLException {
        return cs().getRef(parameterName);
    }

    @Override
    public Blob getBlob(String parameterName) throws SQLException {
        return cs().getBlob(parameterName);
    }

    @Override
    public Clob getClob(String parameterName) throws SQLException {
        return cs().getClob(parameterName);
    }

    @Override
    public Array getArray(String parameterName) throws SQLException {
        return cs().getArray(parameterName);
    }

    @Override
    public Date getDate(String parameterName, Calendar cal) throws SQLException {
        return cs().getDate(parameterName, cal);
    }

    @Override
    public Time getTime(String parameterName, Calendar cal) throws SQLException {
        return cs().getTime(parameterName, cal);
    }

    @Override
    public Timestamp getTimestamp(String parameterName, Calendar cal) throws SQLException {
        return cs().getTimestamp(parameterName, cal);
    }

    @Override
    public URL getURL(String parameterName) throws SQLException {
        return cs().getURL(parameterName);
    }

    @Override
    public RowId getRowId(int parameterIndex) throws SQLException {
        return cs().getRowId(parameterIndex);
    }

    @Override
    public RowId getRowId(String parameterName) throws SQLException {
        return cs().getRowId(parameterName);
    }

    @Override
    public void setRowId(String parameterName, RowId x) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setRowId(parameterName, x));
    }

    @Override
    public void setNString(String parameterName, String value) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setNString(parameterName, value));
    }

    @Override
    public void setNCharacterStream(String parameterName, Reader value, long length) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setNCharacterStream(parameterName, value, length));
    }

    @Override
    public void setNClob(String parameterName, NClob value) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setNClob(parameterName, value));
    }

    @Override
    public void setClob(String parameterName, Reader reader, long length) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setClob(parameterName, reader, length));
    }

    @Override
    public void setBlob(String parameterName, InputStream inputStream, long length) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setBlob(parameterName, inputStream, length));
    }

    @Override
    public void setNClob(String parameterName, Reader reader, long length) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setNClob(parameterName, reader, length));
    }

    @Override
    public NClob getNClob(int parameterIndex) throws SQLException {
        return cs().getNClob(parameterIndex);
    }

    @Override
    public NClob getNClob(String parameterName) throws SQLException {
        return cs().getNClob(parameterName);
    }

    @Override
    public void setSQLXML(String parameterName, SQLXML xmlObject) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setSQLXML(parameterName, xmlObject));
    }

    @Override
    public SQLXML getSQLXML(int parameterIndex) throws SQLException {
        return cs().getSQLXML(parameterIndex);
    }

    @Override
    public SQLXML getSQLXML(String parameterName) throws SQLException {
        return cs().getSQLXML(parameterName);
    }

    @Override
    public String getNString(int parameterIndex) throws SQLException {
        return cs().getNString(parameterIndex);
    }

    @Override
    public String getNString(String parameterName) throws SQLException {
        return cs().getNString(parameterName);
    }

    @Override
    public Reader getNCharacterStream(int parameterIndex) throws SQLException {
        return cs().getNCharacterStream(parameterIndex);
    }

    @Override
    public Reader getNCharacterStream(String parameterName) throws SQLException {
        return cs().getNCharacterStream(parameterName);
    }

    @Override
    public Reader getCharacterStream(int parameterIndex) throws SQLException {
        return cs().getCharacterStream(parameterIndex);
    }

    @Override
    public Reader getCharacterStream(String parameterName) throws SQLException {
        return cs().getCharacterStream(parameterName);
    }

    @Override
    public void setBlob(String parameterName, Blob x) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setBlob(parameterName, x));
    }

    @Override
    public void setClob(String parameterName, Clob x) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setClob(parameterName, x));
    }

    @Override
    public void setAsciiStream(String parameterName, InputStream x, long length) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setAsciiStream(parameterName, x, length));
    }

    @Override
    public void setBinaryStream(String parameterName, InputStream x, long length) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setBinaryStream(parameterName, x, length));
    }

    @Override
    public void setCharacterStream(String parameterName, Reader reader, long length) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setCharacterStream(parameterName, reader, length));
    }

    @Override
    public void setAsciiStream(String parameterName, InputStream x) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setAsciiStream(parameterName, x));
    }

    @Override
    public void setBinaryStream(String parameterName, InputStream x) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setBinaryStream(parameterName, x));
    }

    @Override
    public void setCharacterStream(String parameterName, Reader reader) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setCharacterStream(parameterName, reader));
    }

    @Override
    public void setNCharacterStream(String parameterName, Reader value) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setNCharacterStream(parameterName, value));
    }

    @Override
    public void setClob(String parameterName, Reader reader) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setClob(parameterName, reader));
    }

    @Override
    public void setBlob(String parameterName, InputStream inputStream) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setBlob(parameterName, inputStream));
    }

    @Override
    public void setNClob(String parameterName, Reader reader) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setNClob(parameterName, reader));
    }

    @Override
    public <T> T getObject(int parameterIndex, Class<T> type) throws SQLException {
        return cs().getObject(parameterIndex, type);
    }

    @Override
    public <T> T getObject(String parameterName, Class<T> type) throws SQLException {
        return cs().getObject(parameterName, type);
    }

    @Override
    public void setObject(String parameterName, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setObject(parameterName, x, targetSqlType, scaleOrLength));
    }

    @Override
    public void setObject(String parameterName, Object x, SQLType targetSqlType) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.setObject(parameterName, x, targetSqlType));
    }

    @Override
    public void registerOutParameter(int parameterIndex, SQLType sqlType) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.registerOutParameter(parameterIndex, sqlType));
    }

    @Override
    public void registerOutParameter(int parameterIndex, SQLType sqlType, int scale) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.registerOutParameter(parameterIndex, sqlType, scale));
    }

    @Override
    public void registerOutParameter(int parameterIndex, SQLType sqlType, String typeName) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.registerOutParameter(parameterIndex, sqlType, typeName));
    }

    @Override
    public void registerOutParameter(String parameterName, SQLType sqlType) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.registerOutParameter(parameterName, sqlType));
    }

    @Override
    public void registerOutParameter(String parameterName, SQLType sqlType, int scale) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.registerOutParameter(parameterName, sqlType, scale));
    }

    @Override
    public void registerOutParameter(String parameterName, SQLType sqlType, String typeName) throws SQLException {
        checkOpen();
        calls.add(cs -> cs.registerOutParameter(parameterName, sqlType, typeName));
    }
}
