package io.rwsplit.driver.internal;

import io.rwsplit.routing.Dialect;
import io.rwsplit.routing.SessionSet;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The session's replayable session statements ({@link SessionSet}), in order and coalesced (a later SET of a variable
 * replaces the earlier one, at the end; a RESET removes it; RESET ALL empties the history), and how a physical
 * connection is brought up to them: one statement, so one round trip. MySQL and MariaDB take every assignment in one
 * {@code SET a = 1, b = 2} (no multi-statement text, which the vendor driver refuses unless allowMultiQueries is on);
 * PostgreSQL gets one statement per entry joined with {@code ;}, which pgjdbc sends in one round trip (one Sync), and
 * the server runs in one implicit transaction: all or nothing.
 *
 * <p>Bounded: at most {@value #MAX_ENTRIES} variables; a statement that would go beyond pins the session instead.
 * Single-threaded, like the logical connection.
 */
final class SessionHistory {
    static final int MAX_ENTRIES = 64;

    private final Dialect dialect;
    private final SessionStateMetrics metrics;
    /** By variable (a set_config statement's own text when it names none), in the order they were last set. */
    private final LinkedHashMap<String, SessionSet.Entry> entries = new LinkedHashMap<>();
    private String replayText;

    SessionHistory(Dialect dialect, SessionStateMetrics metrics) {
        this.dialect = dialect;
        this.metrics = metrics;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Whether the history can take {@code s} within its bound. */
    boolean fits(SessionSet s) {
        int added = 0;
        for (SessionSet.Entry e : s.entries()) {
            if (e.op() == SessionSet.Op.SET && !entries.containsKey(keyOf(e))) {
                added++;
            }
        }
        return entries.size() + added <= MAX_ENTRIES;
    }

    /** Records a statement that ran. */
    void apply(SessionSet s) {
        for (SessionSet.Entry e : s.entries()) {
            switch (e.op()) {
                case SET -> {
                    String key = keyOf(e);
                    entries.remove(key);
                    entries.put(key, e);
                }
                case RESET -> entries.remove(e.key());
                case RESET_ALL -> entries.clear();
                default -> throw new IllegalStateException(e.toString());
            }
        }
        replayText = null;
    }

    /** Records a variable set through JDBC (PostgreSQL application_name from setClientInfo). */
    void apply(SessionSet.Entry e) {
        apply(new SessionSet(dialect, java.util.List.of(e)));
    }

    void clear() {
        entries.clear();
        replayText = null;
    }

    private static String keyOf(SessionSet.Entry e) {
        return e.key() != null ? e.key() : e.text();
    }

    /** The one statement that brings a clean connection up to the history. */
    String replayText() {
        String t = replayText;
        if (t == null) {
            StringBuilder b = new StringBuilder(64);
            if (dialect == Dialect.MYSQL) {
                b.append("SET ");
                for (SessionSet.Entry e : entries.values()) {
                    b.append(b.length() > 4 ? ", " : "").append(e.text());
                }
            } else {
                for (SessionSet.Entry e : entries.values()) {
                    b.append(b.length() > 0 ? "; " : "").append(e.text());
                }
            }
            t = b.toString();
            replayText = t;
        }
        return t;
    }

    /** Brings a connection fresh from its pool (no replayed state) up to the history, in one round trip. */
    void replayOn(Connection c) throws SQLException {
        long started = System.nanoTime();
        try (Statement s = c.createStatement()) {
            s.execute(replayText());
        }
        metrics.replayed(System.nanoTime() - started);
    }

    /** The variables, for diagnostics. */
    Map<String, SessionSet.Entry> entries() {
        return entries;
    }
}
