package io.rwsplit.driver.internal;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;
import java.sql.ResultSet;

/**
 * A result set that gives its physical connection back when it is closed: for a query routed in autocommit mode,
 * closing the result set ends the statement's borrow of the connection. Everything else delegates.
 */
public final class RoutedResultSet implements ResultSet {
    private final ResultSet d;
    private final RoutedStatement owner;
    private final boolean ownerTracks;
    private final LogicalConnection conn;
    /** A lent connection (metadata) given back when this closes, or null. */
    private final Lease lent;
    private boolean closed;

    /** A result of a routed statement; closing it may end the statement's execution. */
    RoutedResultSet(RoutedStatement owner, ResultSet d) {
        this(owner, d, true);
    }

    RoutedResultSet(RoutedStatement owner, ResultSet d, boolean ownerTracks) {
        this.d = d;
        this.owner = owner;
        this.ownerTracks = ownerTracks;
        this.conn = owner.conn;
        this.lent = null;
    }

    /** A metadata result on a lent connection, given back when this is closed. */
    RoutedResultSet(LogicalConnection conn, Lease lent, ResultSet d) {
        this.d = d;
        this.owner = null;
        this.ownerTracks = false;
        this.conn = conn;
        this.lent = lent;
    }

    /** The owning statement ended the execution: the physical result is closed with it. */
    /** The physical result set. */
    ResultSet delegate() {
        return d;
    }

    void markClosedByStatement() {
        closed = true;
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            d.close();
        } finally {
            if (lent != null) {
                conn.giveBackLent(lent);
            } else if (ownerTracks) {
                owner.resultClosed(this);
            }
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        return closed || d.isClosed();
    }

    @Override
    public Statement getStatement() throws SQLException {
        return owner;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : d.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || d.isWrapperFor(iface);
    }

    @Override
    public String toString() {
        return "RwSplitResultSet[" + d + "]";
    }

    // ------------------------------------------------------------------ delegation

    @Override
    public boolean next() throws SQLException {
        return d.next();
    }

    @Override
    public boolean wasNull() throws SQLException {
        return d.wasNull();
    }

    @Override
    public String getString(int a0) throws SQLException {
        return d.getString(a0);
    }

    @Override
    public boolean getBoolean(int a0) throws SQLException {
        return d.getBoolean(a0);
    }

    @Override
    public byte getByte(int a0) throws SQLException {
        return d.getByte(a0);
    }

    @Override
    public short getShort(int a0) throws SQLException {
        return d.getShort(a0);
    }

    @Override
    public int getInt(int a0) throws SQLException {
        return d.getInt(a0);
    }

    @Override
    public long getLong(int a0) throws SQLException {
        return d.getLong(a0);
    }

    @Override
    public float getFloat(int a0) throws SQLException {
        return d.getFloat(a0);
    }

    @Override
    public double getDouble(int a0) throws SQLException {
        return d.getDouble(a0);
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int a0, int a1) throws SQLException {
        return d.getBigDecimal(a0, a1);
    }

    @Override
    public byte[] getBytes(int a0) throws SQLException {
        return d.getBytes(a0);
    }

    @Override
    public Date getDate(int a0) throws SQLException {
        return d.getDate(a0);
    }

    @Override
    public Time getTime(int a0) throws SQLException {
        return d.getTime(a0);
    }

    @Override
    public Timestamp getTimestamp(int a0) throws SQLException {
        return d.getTimestamp(a0);
    }

    @Override
    public InputStream getAsciiStream(int a0) throws SQLException {
        return d.getAsciiStream(a0);
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(int a0) throws SQLException {
        return d.getUnicodeStream(a0);
    }

    @Override
    public InputStream getBinaryStream(int a0) throws SQLException {
        return d.getBinaryStream(a0);
    }

    @Override
    public String getString(String a0) throws SQLException {
        return d.getString(a0);
    }

    @Override
    public boolean getBoolean(String a0) throws SQLException {
        return d.getBoolean(a0);
    }

    @Override
    public byte getByte(String a0) throws SQLException {
        return d.getByte(a0);
    }

    @Override
    public short getShort(String a0) throws SQLException {
        return d.getShort(a0);
    }

    @Override
    public int getInt(String a0) throws SQLException {
        return d.getInt(a0);
    }

    @Override
    public long getLong(String a0) throws SQLException {
        return d.getLong(a0);
    }

    @Override
    public float getFloat(String a0) throws SQLException {
        return d.getFloat(a0);
    }

    @Override
    public double getDouble(String a0) throws SQLException {
        return d.getDouble(a0);
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(String a0, int a1) throws SQLException {
        return d.getBigDecimal(a0, a1);
    }

    @Override
    public byte[] getBytes(String a0) throws SQLException {
        return d.getBytes(a0);
    }

    @Override
    public Date getDate(String a0) throws SQLException {
        return d.getDate(a0);
    }

    @Override
    public Time getTime(String a0) throws SQLException {
        return d.getTime(a0);
    }

    @Override
    public Timestamp getTimestamp(String a0) throws SQLException {
        return d.getTimestamp(a0);
    }

    @Override
    public InputStream getAsciiStream(String a0) throws SQLException {
        return d.getAsciiStream(a0);
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(String a0) throws SQLException {
        return d.getUnicodeStream(a0);
    }

    @Override
    public InputStream getBinaryStream(String a0) throws SQLException {
        return d.getBinaryStream(a0);
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return d.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        d.clearWarnings();
    }

    @Override
    public String getCursorName() throws SQLException {
        return d.getCursorName();
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return d.getMetaData();
    }

    @Override
    public Object getObject(int a0) throws SQLException {
        return d.getObject(a0);
    }

    @Override
    public Object getObject(String a0) throws SQLException {
        return d.getObject(a0);
    }

    @Override
    public int findColumn(String a0) throws SQLException {
        return d.findColumn(a0);
    }

    @Override
    public Reader getCharacterStream(int a0) throws SQLException {
        return d.getCharacterStream(a0);
    }

    @Override
    public Reader getCharacterStream(String a0) throws SQLException {
        return d.getCharacterStream(a0);
    }

    @Override
    public BigDecimal getBigDecimal(int a0) throws SQLException {
        return d.getBigDecimal(a0);
    }

    @Override
    public BigDecimal getBigDecimal(String a0) throws SQLException {
        return d.getBigDecimal(a0);
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        return d.isBeforeFirst();
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        return d.isAfterLast();
    }

    @Override
    public boolean isFirst() throws SQLException {
        return d.isFirst();
    }

    @Override
    public boolean isLast() throws SQLException {
        return d.isLast();
    }

    @Override
    public void beforeFirst() throws SQLException {
        d.beforeFirst();
    }

    @Override
    public void afterLast() throws SQLException {
        d.afterLast();
    }

    @Override
    public boolean first() throws SQLException {
        return d.first();
    }

    @Override
    public boolean last() throws SQLException {
        return d.last();
    }

    @Override
    public int getRow() throws SQLException {
        return d.getRow();
    }

    @Override
    public boolean absolute(int a0) throws SQLException {
        return d.absolute(a0);
    }

    @Override
    public boolean relative(int a0) throws SQLException {
        return d.relative(a0);
    }

    @Override
    public boolean previous() throws SQLException {
        return d.previous();
    }

    @Override
    public void setFetchDirection(int a0) throws SQLException {
        d.setFetchDirection(a0);
    }

    @Override
    public int getFetchDirection() throws SQLException {
        return d.getFetchDirection();
    }

    @Override
    public void setFetchSize(int a0) throws SQLException {
        d.setFetchSize(a0);
    }

    @Override
    public int getFetchSize() throws SQLException {
        return d.getFetchSize();
    }

    @Override
    public int getType() throws SQLException {
        return d.getType();
    }

    @Override
    public int getConcurrency() throws SQLException {
        return d.getConcurrency();
    }

    @Override
    public boolean rowUpdated() throws SQLException {
        return d.rowUpdated();
    }

    @Override
    public boolean rowInserted() throws SQLException {
        return d.rowInserted();
    }

    @Override
    public boolean rowDeleted() throws SQLException {
        return d.rowDeleted();
    }

    @Override
    public void updateNull(int a0) throws SQLException {
        d.updateNull(a0);
    }

    @Override
    public void updateBoolean(int a0, boolean a1) throws SQLException {
        d.updateBoolean(a0, a1);
    }

    @Override
    public void updateByte(int a0, byte a1) throws SQLException {
        d.updateByte(a0, a1);
    }

    @Override
    public void updateShort(int a0, short a1) throws SQLException {
        d.updateShort(a0, a1);
    }

    @Override
    public void updateInt(int a0, int a1) throws SQLException {
        d.updateInt(a0, a1);
    }

    @Override
    public void updateLong(int a0, long a1) throws SQLException {
        d.updateLong(a0, a1);
    }

    @Override
    public void updateFloat(int a0, float a1) throws SQLException {
        d.updateFloat(a0, a1);
    }

    @Override
    public void updateDouble(int a0, double a1) throws SQLException {
        d.updateDouble(a0, a1);
    }

    @Override
    public void updateBigDecimal(int a0, BigDecimal a1) throws SQLException {
        d.updateBigDecimal(a0, a1);
    }

    @Override
    public void updateString(int a0, String a1) throws SQLException {
        d.updateString(a0, a1);
    }

    @Override
    public void updateBytes(int a0, byte[] a1) throws SQLException {
        d.updateBytes(a0, a1);
    }

    @Override
    public void updateDate(int a0, Date a1) throws SQLException {
        d.updateDate(a0, a1);
    }

    @Override
    public void updateTime(int a0, Time a1) throws SQLException {
        d.updateTime(a0, a1);
    }

    @Override
    public void updateTimestamp(int a0, Timestamp a1) throws SQLException {
        d.updateTimestamp(a0, a1);
    }

    @Override
    public void updateAsciiStream(int a0, InputStream a1, int a2) throws SQLException {
        d.updateAsciiStream(a0, a1, a2);
    }

    @Override
    public void updateBinaryStream(int a0, InputStream a1, int a2) throws SQLException {
        d.updateBinaryStream(a0, a1, a2);
    }

    @Override
    public void updateCharacterStream(int a0, Reader a1, int a2) throws SQLException {
        d.updateCharacterStream(a0, a1, a2);
    }

    @Override
    public void updateObject(int a0, Object a1, int a2) throws SQLException {
        d.updateObject(a0, a1, a2);
    }

    @Override
    public void updateObject(int a0, Object a1) throws SQLException {
        d.updateObject(a0, a1);
    }

    @Override
    public void updateNull(String a0) throws SQLException {
        d.updateNull(a0);
    }

    @Override
    public void updateBoolean(String a0, boolean a1) throws SQLException {
        d.updateBoolean(a0, a1);
    }

    @Override
    public void updateByte(String a0, byte a1) throws SQLException {
        d.updateByte(a0, a1);
    }

    @Override
    public void updateShort(String a0, short a1) throws SQLException {
        d.updateShort(a0, a1);
    }

    @Override
    public void updateInt(String a0, int a1) throws SQLException {
        d.updateInt(a0, a1);
    }

    @Override
    public void updateLong(String a0, long a1) throws SQLException {
        d.updateLong(a0, a1);
    }

    @Override
    public void updateFloat(String a0, float a1) throws SQLException {
        d.updateFloat(a0, a1);
    }

    @Override
    public void updateDouble(String a0, double a1) throws SQLException {
        d.updateDouble(a0, a1);
    }

    @Override
    public void updateBigDecimal(String a0, BigDecimal a1) throws SQLException {
        d.updateBigDecimal(a0, a1);
    }

    @Override
    public void updateString(String a0, String a1) throws SQLException {
        d.updateString(a0, a1);
    }

    @Override
    public void updateBytes(String a0, byte[] a1) throws SQLException {
        d.updateBytes(a0, a1);
    }

    @Override
    public void updateDate(String a0, Date a1) throws SQLException {
        d.updateDate(a0, a1);
    }

    @Override
    public void updateTime(String a0, Time a1) throws SQLException {
        d.updateTime(a0, a1);
    }

    @Override
    public void updateTimestamp(String a0, Timestamp a1) throws SQLException {
        d.updateTimestamp(a0, a1);
    }

    @Override
    public void updateAsciiStream(String a0, InputStream a1, int a2) throws SQLException {
        d.updateAsciiStream(a0, a1, a2);
    }

    @Override
    public void updateBinaryStream(String a0, InputStream a1, int a2) throws SQLException {
        d.updateBinaryStream(a0, a1, a2);
    }

    @Override
    public void updateCharacterStream(String a0, Reader a1, int a2) throws SQLException {
        d.updateCharacterStream(a0, a1, a2);
    }

    @Override
    public void updateObject(String a0, Object a1, int a2) throws SQLException {
        d.updateObject(a0, a1, a2);
    }

    @Override
    public void updateObject(String a0, Object a1) throws SQLException {
        d.updateObject(a0, a1);
    }

    @Override
    public void insertRow() throws SQLException {
        d.insertRow();
    }

    @Override
    public void updateRow() throws SQLException {
        d.updateRow();
    }

    @Override
    public void deleteRow() throws SQLException {
        d.deleteRow();
    }

    @Override
    public void refreshRow() throws SQLException {
        d.refreshRow();
    }

    @Override
    public void cancelRowUpdates() throws SQLException {
        d.cancelRowUpdates();
    }

    @Override
    public void moveToInsertRow() throws SQLException {
        d.moveToInsertRow();
    }

    @Override
    public void moveToCurrentRow() throws SQLException {
        d.moveToCurrentRow();
    }

    @Override
    public Object getObject(int a0, Map<String, Class<?>> a1) throws SQLException {
        return d.getObject(a0, a1);
    }

    @Override
    public Ref getRef(int a0) throws SQLException {
        return d.getRef(a0);
    }

    @Override
    public Blob getBlob(int a0) throws SQLException {
        return d.getBlob(a0);
    }

    @Override
    public Clob getClob(int a0) throws SQLException {
        return d.getClob(a0);
    }

    @Override
    public Array getArray(int a0) throws SQLException {
        return d.getArray(a0);
    }

    @Override
    public Object getObject(String a0, Map<String, Class<?>> a1) throws SQLException {
        return d.getObject(a0, a1);
    }

    @Override
    public Ref getRef(String a0) throws SQLException {
        return d.getRef(a0);
    }

    @Override
    public Blob getBlob(String a0) throws SQLException {
        return d.getBlob(a0);
    }

    @Override
    public Clob getClob(String a0) throws SQLException {
        return d.getClob(a0);
    }

    @Override
    public Array getArray(String a0) throws SQLException {
        return d.getArray(a0);
    }

    @Override
    public Date getDate(int a0, Calendar a1) throws SQLException {
        return d.getDate(a0, a1);
    }

    @Override
    public Date getDate(String a0, Calendar a1) throws SQLException {
        return d.getDate(a0, a1);
    }

    @Override
    public Time getTime(int a0, Calendar a1) throws SQLException {
        return d.getTime(a0, a1);
    }

    @Override
    public Time getTime(String a0, Calendar a1) throws SQLException {
        return d.getTime(a0, a1);
    }

    @Override
    public Timestamp getTimestamp(int a0, Calendar a1) throws SQLException {
        return d.getTimestamp(a0, a1);
    }

    @Override
    public Timestamp getTimestamp(String a0, Calendar a1) throws SQLException {
        return d.getTimestamp(a0, a1);
    }

    @Override
    public URL getURL(int a0) throws SQLException {
        return d.getURL(a0);
    }

    @Override
    public URL getURL(String a0) throws SQLException {
        return d.getURL(a0);
    }

    @Override
    public void updateRef(int a0, Ref a1) throws SQLException {
        d.updateRef(a0, a1);
    }

    @Override
    public void updateRef(String a0, Ref a1) throws SQLException {
        d.updateRef(a0, a1);
    }

    @Override
    public void updateBlob(int a0, Blob a1) throws SQLException {
        d.updateBlob(a0, a1);
    }

    @Override
    public void updateBlob(String a0, Blob a1) throws SQLException {
        d.updateBlob(a0, a1);
    }

    @Override
    public void updateClob(int a0, Clob a1) throws SQLException {
        d.updateClob(a0, a1);
    }

    @Override
    public void updateClob(String a0, Clob a1) throws SQLException {
        d.updateClob(a0, a1);
    }

    @Override
    public void updateArray(int a0, Array a1) throws SQLException {
        d.updateArray(a0, a1);
    }

    @Override
    public void updateArray(String a0, Array a1) throws SQLException {
        d.updateArray(a0, a1);
    }

    @Override
    public RowId getRowId(int a0) throws SQLException {
        return d.getRowId(a0);
    }

    @Override
    public RowId getRowId(String a0) throws SQLException {
        return d.getRowId(a0);
    }

    @Override
    public void updateRowId(int a0, RowId a1) throws SQLException {
        d.updateRowId(a0, a1);
    }

    @Override
    public void updateRowId(String a0, RowId a1) throws SQLException {
        d.updateRowId(a0, a1);
    }

    @Override
    public int getHoldability() throws SQLException {
        return d.getHoldability();
    }

    @Override
    public void updateNString(int a0, String a1) throws SQLException {
        d.updateNString(a0, a1);
    }

    @Override
    public void updateNString(String a0, String a1) throws SQLException {
        d.updateNString(a0, a1);
    }

    @Override
    public void updateNClob(int a0, NClob a1) throws SQLException {
        d.updateNClob(a0, a1);
    }

    @Override
    public void updateNClob(String a0, NClob a1) throws SQLException {
        d.updateNClob(a0, a1);
    }

    @Override
    public NClob getNClob(int a0) throws SQLException {
        return d.getNClob(a0);
    }

    @Override
    public NClob getNClob(String a0) throws SQLException {
        return d.getNClob(a0);
    }

    @Override
    public SQLXML getSQLXML(int a0) throws SQLException {
        return d.getSQLXML(a0);
    }

    @Override
    public SQLXML getSQLXML(String a0) throws SQLException {
        return d.getSQLXML(a0);
    }

    @Override
    public void updateSQLXML(int a0, SQLXML a1) throws SQLException {
        d.updateSQLXML(a0, a1);
    }

    @Override
    public void updateSQLXML(String a0, SQLXML a1) throws SQLException {
        d.updateSQLXML(a0, a1);
    }

    @Override
    public String getNString(int a0) throws SQLException {
        return d.getNString(a0);
    }

    @Override
    public String getNString(String a0) throws SQLException {
        return d.getNString(a0);
    }

    @Override
    public Reader getNCharacterStream(int a0) throws SQLException {
        return d.getNCharacterStream(a0);
    }

    @Override
    public Reader getNCharacterStream(String a0) throws SQLException {
        return d.getNCharacterStream(a0);
    }

    @Override
    public void updateNCharacterStream(int a0, Reader a1, long a2) throws SQLException {
        d.updateNCharacterStream(a0, a1, a2);
    }

    @Override
    public void updateNCharacterStream(String a0, Reader a1, long a2) throws SQLException {
        d.updateNCharacterStream(a0, a1, a2);
    }

    @Override
    public void updateAsciiStream(int a0, InputStream a1, long a2) throws SQLException {
        d.updateAsciiStream(a0, a1, a2);
    }

    @Override
    public void updateBinaryStream(int a0, InputStream a1, long a2) throws SQLException {
        d.updateBinaryStream(a0, a1, a2);
    }

    @Override
    public void updateCharacterStream(int a0, Reader a1, long a2) throws SQLException {
        d.updateCharacterStream(a0, a1, a2);
    }

    @Override
    public void updateAsciiStream(String a0, InputStream a1, long a2) throws SQLException {
        d.updateAsciiStream(a0, a1, a2);
    }

    @Override
    public void updateBinaryStream(String a0, InputStream a1, long a2) throws SQLException {
        d.updateBinaryStream(a0, a1, a2);
    }

    @Override
    public void updateCharacterStream(String a0, Reader a1, long a2) throws SQLException {
        d.updateCharacterStream(a0, a1, a2);
    }

    @Override
    public void updateBlob(int a0, InputStream a1, long a2) throws SQLException {
        d.updateBlob(a0, a1, a2);
    }

    @Override
    public void updateBlob(String a0, InputStream a1, long a2) throws SQLException {
        d.updateBlob(a0, a1, a2);
    }

    @Override
    public void updateClob(int a0, Reader a1, long a2) throws SQLException {
        d.updateClob(a0, a1, a2);
    }

    @Override
    public void updateClob(String a0, Reader a1, long a2) throws SQLException {
        d.updateClob(a0, a1, a2);
    }

    @Override
    public void updateNClob(int a0, Reader a1, long a2) throws SQLException {
        d.updateNClob(a0, a1, a2);
    }

    @Override
    public void updateNClob(String a0, Reader a1, long a2) throws SQLException {
        d.updateNClob(a0, a1, a2);
    }

    @Override
    public void updateNCharacterStream(int a0, Reader a1) throws SQLException {
        d.updateNCharacterStream(a0, a1);
    }

    @Override
    public void updateNCharacterStream(String a0, Reader a1) throws SQLException {
        d.updateNCharacterStream(a0, a1);
    }

    @Override
    public void updateAsciiStream(int a0, InputStream a1) throws SQLException {
        d.updateAsciiStream(a0, a1);
    }

    @Override
    public void updateBinaryStream(int a0, InputStream a1) throws SQLException {
        d.updateBinaryStream(a0, a1);
    }

    @Override
    public void updateCharacterStream(int a0, Reader a1) throws SQLException {
        d.updateCharacterStream(a0, a1);
    }

    @Override
    public void updateAsciiStream(String a0, InputStream a1) throws SQLException {
        d.updateAsciiStream(a0, a1);
    }

    @Override
    public void updateBinaryStream(String a0, InputStream a1) throws SQLException {
        d.updateBinaryStream(a0, a1);
    }

    @Override
    public void updateCharacterStream(String a0, Reader a1) throws SQLException {
        d.updateCharacterStream(a0, a1);
    }

    @Override
    public void updateBlob(int a0, InputStream a1) throws SQLException {
        d.updateBlob(a0, a1);
    }

    @Override
    public void updateBlob(String a0, InputStream a1) throws SQLException {
        d.updateBlob(a0, a1);
    }

    @Override
    public void updateClob(int a0, Reader a1) throws SQLException {
        d.updateClob(a0, a1);
    }

    @Override
    public void updateClob(String a0, Reader a1) throws SQLException {
        d.updateClob(a0, a1);
    }

    @Override
    public void updateNClob(int a0, Reader a1) throws SQLException {
        d.updateNClob(a0, a1);
    }

    @Override
    public void updateNClob(String a0, Reader a1) throws SQLException {
        d.updateNClob(a0, a1);
    }

    @Override
    public <T> T getObject(int a0, Class<T> a1) throws SQLException {
        return d.getObject(a0, a1);
    }

    @Override
    public <T> T getObject(String a0, Class<T> a1) throws SQLException {
        return d.getObject(a0, a1);
    }

    @Override
    public void updateObject(int a0, Object a1, SQLType a2, int a3) throws SQLException {
        d.updateObject(a0, a1, a2, a3);
    }

    @Override
    public void updateObject(String a0, Object a1, SQLType a2, int a3) throws SQLException {
        d.updateObject(a0, a1, a2, a3);
    }

    @Override
    public void updateObject(int a0, Object a1, SQLType a2) throws SQLException {
        d.updateObject(a0, a1, a2);
    }

    @Override
    public void updateObject(String a0, Object a1, SQLType a2) throws SQLException {
        d.updateObject(a0, a1, a2);
    }
}
