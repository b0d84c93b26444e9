package io.rwsplit.consistency.internal;

import io.rwsplit.consistency.PositionKind;
import io.rwsplit.consistency.ReplicationPosition;

/** A PostgreSQL WAL location ({@code pg_lsn}), {@code X/Y} in hexadecimal, compared as an unsigned 64-bit number. */
public final class PostgresLsn implements ReplicationPosition {

    /** {@code 0/0}: nothing written or applied. */
    public static final PostgresLsn ZERO = new PostgresLsn(0L);

    private final long value;

    private PostgresLsn(long value) {
        this.value = value;
    }

    public static PostgresLsn of(long value) {
        return value == 0L ? ZERO : new PostgresLsn(value);
    }

    /** Parses {@code X/Y}, each half 1 to 8 hexadecimal digits. */
    public static PostgresLsn parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        if (slash < 1 || slash > 8 || s.length() - slash - 1 < 1 || s.length() - slash - 1 > 8) {
            throw new IllegalArgumentException("not a PostgreSQL LSN (expected X/Y in hex): '" + text + "'");
        }
        long hi = parseHex(s, 0, slash, text);
        long lo = parseHex(s, slash + 1, s.length(), text);
        return of(hi << 32 | lo);
    }

    private static long parseHex(String s, int from, int to, String text) {
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) {
                throw new IllegalArgumentException("not a PostgreSQL LSN (expected X/Y in hex): '" + text + "'");
            }
            v = v << 4 | d;
        }
        return v;
    }

    /** The LSN as an unsigned 64-bit number. */
    public long value() {
        return value;
    }

    @Override
    public PositionKind kind() {
        return PositionKind.POSTGRES_LSN;
    }

    @Override
    public boolean covers(ReplicationPosition other) {
        return other instanceof PostgresLsn && Long.compareUnsigned(value, ((PostgresLsn) other).value) >= 0;
    }

    @Override
    public String format() {
        return Long.toHexString(value >>> 32).toUpperCase() + "/" + Long.toHexString(value & 0xFFFF_FFFFL).toUpperCase();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PostgresLsn && ((PostgresLsn) o).value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        return format();
    }
}
