package io.rwsplit.driver.internal;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Calendar;

/**
 * The parameters of a prepared statement, recorded so that each execution can bind them to the physical statement
 * of whichever node it runs on. Primitives are kept unboxed; setting a parameter allocates nothing once the
 * arrays have grown to the statement's parameter count. Rare kinds (streams, LOBs, vendor objects) are kept as a
 * small {@link Binder}.
 */
final class Parameters {
    /** Binds one rarely used parameter kind. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps, int index) throws SQLException;
    }

    private static final byte UNSET = 0;
    private static final byte NULL = 1;
    private static final byte BOOLEAN = 2;
    private static final byte BYTE = 3;
    private static final byte SHORT = 4;
    private static final byte INT = 5;
    private static final byte LONG = 6;
    private static final byte FLOAT = 7;
    private static final byte DOUBLE = 8;
    private static final byte BIG_DECIMAL = 9;
    private static final byte STRING = 10;
    private static final byte BYTES = 11;
    private static final byte DATE = 12;
    private static final byte TIME = 13;
    private static final byte TIMESTAMP = 14;
    private static final byte OBJECT = 15;
    private static final byte OBJECT_TYPED = 16;
    private static final byte OBJECT_TYPED_SCALE = 17;
    private static final byte NSTRING = 18;
    private static final byte BINDER = 19;
    private static final byte OBJECT_SQLTYPE = 20;
    private static final byte OBJECT_SQLTYPE_SCALE = 21;

    private byte[] kinds;
    private long[] longs;
    private Object[] objects;
    private int[] ints;
    private int count;

    Parameters() {
        this(8);
    }

    private Parameters(int capacity) {
        kinds = new byte[capacity + 1];
        longs = new long[capacity + 1];
        objects = new Object[capacity + 1];
        ints = new int[capacity + 1];
    }

    private void slot(int index) throws SQLException {
        if (index < 1) {
            throw new SQLException("parameter index must be 1 or more, but was " + index, "07009");
        }
        if (index >= kinds.length) {
            int n = Math.max(index + 1, kinds.length * 2);
            kinds = Arrays.copyOf(kinds, n);
            longs = Arrays.copyOf(longs, n);
            objects = Arrays.copyOf(objects, n);
            ints = Arrays.copyOf(ints, n);
        }
        if (index > count) {
            count = index;
        }
    }

    void setNull(int i, int sqlType) throws SQLException {
        slot(i);
        kinds[i] = NULL;
        ints[i] = sqlType;
        objects[i] = null;
    }

    void setNull(int i, int sqlType, String typeName) throws SQLException {
        slot(i);
        kinds[i] = NULL;
        ints[i] = sqlType;
        objects[i] = typeName;
    }

    void setBoolean(int i, boolean v) throws SQLException {
        slot(i);
        kinds[i] = BOOLEAN;
        longs[i] = v ? 1 : 0;
        objects[i] = null;
    }

    void setByte(int i, byte v) throws SQLException {
        slot(i);
        kinds[i] = BYTE;
        longs[i] = v;
        objects[i] = null;
    }

    void setShort(int i, short v) throws SQLException {
        slot(i);
        kinds[i] = SHORT;
        longs[i] = v;
        objects[i] = null;
    }

    void setInt(int i, int v) throws SQLException {
        slot(i);
        kinds[i] = INT;
        longs[i] = v;
        objects[i] = null;
    }

    void setLong(int i, long v) throws SQLException {
        slot(i);
        kinds[i] = LONG;
        longs[i] = v;
        objects[i] = null;
    }

    void setFloat(int i, float v) throws SQLException {
        slot(i);
        kinds[i] = FLOAT;
        longs[i] = Float.floatToRawIntBits(v);
        objects[i] = null;
    }

    void setDouble(int i, double v) throws SQLException {
        slot(i);
        kinds[i] = DOUBLE;
        longs[i] = Double.doubleToRawLongBits(v);
        objects[i] = null;
    }

    void setBigDecimal(int i, BigDecimal v) throws SQLException {
        set(i, BIG_DECIMAL, v);
    }

    void setString(int i, String v) throws SQLException {
        set(i, STRING, v);
    }

    void setNString(int i, String v) throws SQLException {
        set(i, NSTRING, v);
    }

    void setBytes(int i, byte[] v) throws SQLException {
        set(i, BYTES, v);
    }

    void setDate(int i, Date v, Calendar cal) throws SQLException {
        set(i, DATE, v);
        extra(i, cal);
    }

    void setTime(int i, Time v, Calendar cal) throws SQLException {
        set(i, TIME, v);
        extra(i, cal);
    }

    void setTimestamp(int i, Timestamp v, Calendar cal) throws SQLException {
        set(i, TIMESTAMP, v);
        extra(i, cal);
    }

    void setObject(int i, Object v) throws SQLException {
        set(i, OBJECT, v);
    }

    void setObject(int i, Object v, int sqlType) throws SQLException {
        set(i, OBJECT_TYPED, v);
        ints[i] = sqlType;
    }

    void setObject(int i, Object v, int sqlType, int scale) throws SQLException {
        set(i, OBJECT_TYPED_SCALE, v);
        ints[i] = sqlType;
        longs[i] = scale;
    }

    void setObject(int i, Object v, SQLType sqlType) throws SQLException {
        set(i, OBJECT_SQLTYPE, v);
        extra(i, sqlType);
    }

    void setObject(int i, Object v, SQLType sqlType, int scale) throws SQLException {
        set(i, OBJECT_SQLTYPE_SCALE, v);
        extra(i, sqlType);
        longs[i] = scale;
    }

    void setBinder(int i, Binder binder) throws SQLException {
        set(i, BINDER, binder);
    }

    private void set(int i, byte kind, Object v) throws SQLException {
        slot(i);
        kinds[i] = kind;
        objects[i] = v;
        extraValues = extraValues == null ? null : clearExtra(i);
    }

    // Calendars and SQLTypes are rare: kept in a lazily created side array.
    private Object[] extraValues;

    private Object[] clearExtra(int i) {
        if (i < extraValues.length) {
            extraValues[i] = null;
        }
        return extraValues;
    }

    private void extra(int i, Object v) {
        if (v == null && extraValues == null) {
            return;
        }
        if (extraValues == null || extraValues.length <= i) {
            extraValues = extraValues == null ? new Object[Math.max(kinds.length, i + 1)]
                    : Arrays.copyOf(extraValues, Math.max(kinds.length, i + 1));
        }
        extraValues[i] = v;
    }

    private Object extraAt(int i) {
        return extraValues == null || i >= extraValues.length ? null : extraValues[i];
    }

    void clear() {
        Arrays.fill(kinds, 0, count + 1, UNSET);
        Arrays.fill(objects, 0, count + 1, null);
        if (extraValues != null) {
            Arrays.fill(extraValues, null);
        }
        count = 0;
    }

    int count() {
        return count;
    }

    /** A snapshot for a batch entry. */
    Parameters copy() {
        Parameters p = new Parameters(Math.max(count, 1));
        System.arraycopy(kinds, 0, p.kinds, 0, count + 1);
        System.arraycopy(longs, 0, p.longs, 0, count + 1);
        System.arraycopy(objects, 0, p.objects, 0, count + 1);
        System.arraycopy(ints, 0, p.ints, 0, count + 1);
        p.count = count;
        if (extraValues != null) {
            p.extraValues = Arrays.copyOf(extraValues, extraValues.length);
        }
        return p;
    }

    /** Binds every recorded parameter to a physical statement. */
    void bind(PreparedStatement ps) throws SQLException {
        for (int i = 1; i <= count; i++) {
            switch (kinds[i]) {
                case UNSET:
                    break;
                case NULL:
                    if (objects[i] != null) {
                        ps.setNull(i, ints[i], (String) objects[i]);
                    } else {
                        ps.setNull(i, ints[i]);
                    }
                    break;
                case BOOLEAN:
                    ps.setBoolean(i, longs[i] != 0);
                    break;
                case BYTE:
                    ps.setByte(i, (byte) longs[i]);
                    break;
                case SHORT:
                    ps.setShort(i, (short) longs[i]);
                    break;
                case INT:
                    ps.setInt(i, (int) longs[i]);
                    break;
                case LONG:
                    ps.setLong(i, longs[i]);
                    break;
                case FLOAT:
                    ps.setFloat(i, Float.intBitsToFloat((int) longs[i]));
                    break;
                case DOUBLE:
                    ps.setDouble(i, Double.longBitsToDouble(longs[i]));
                    break;
                case BIG_DECIMAL:
                    ps.setBigDecimal(i, (BigDecimal) objects[i]);
                    break;
                case STRING:
                    ps.setString(i, (String) objects[i]);
                    break;
                case NSTRING:
                    ps.setNString(i, (String) objects[i]);
                    break;
                case BYTES:
                    ps.setBytes(i, (byte[]) objects[i]);
                    break;
                case DATE: {
                    Calendar cal = (Calendar) extraAt(i);
                    if (cal == null) {
                        ps.setDate(i, (Date) objects[i]);
                    } else {
                        ps.setDate(i, (Date) objects[i], cal);
                    }
                    break;
                }
                case TIME: {
                    Calendar cal = (Calendar) extraAt(i);
                    if (cal == null) {
                        ps.setTime(i, (Time) objects[i]);
                    } else {
                        ps.setTime(i, (Time) objects[i], cal);
                    }
                    break;
                }
                case TIMESTAMP: {
                    Calendar cal = (Calendar) extraAt(i);
                    if (cal == null) {
                        ps.setTimestamp(i, (Timestamp) objects[i]);
                    } else {
                        ps.setTimestamp(i, (Timestamp) objects[i], cal);
                    }
                    break;
                }
                case OBJECT:
                    ps.setObject(i, objects[i]);
                    break;
                case OBJECT_TYPED:
                    ps.setObject(i, objects[i], ints[i]);
                    break;
                case OBJECT_TYPED_SCALE:
                    ps.setObject(i, objects[i], ints[i], (int) longs[i]);
                    break;
                case OBJECT_SQLTYPE:
                    ps.setObject(i, objects[i], (SQLType) extraAt(i));
                    break;
                case OBJECT_SQLTYPE_SCALE:
                    ps.setObject(i, objects[i], (SQLType) extraAt(i), (int) longs[i]);
                    break;
                case BINDER:
                    ((Binder) objects[i]).bind(ps, i);
                    break;
                default:
                    throw new IllegalStateException("parameter kind " + kinds[i]);
            }
        }
    }
}
