package io.rwsplit.routing;

import java.util.List;
import java.util.Objects;

/**
 * A session statement that rwsplit replays on every node a session uses instead of pinning the session to the
 * primary ({@link Classification#replayable()}), read into its entries by {@link StatementClassifier#sessionSet}:
 * one entry per variable it sets or resets, in order.
 *
 * <p>Only constant values are replayable: a number, a single-quoted string, a bare word (ON, DEFAULT, a character
 * set's name), a list of those where the server takes one (PostgreSQL {@code search_path}); never an expression, a
 * variable, a subquery, a function call, a bind parameter. Variables tied to the connection, the transaction or the
 * server ({@code autocommit}, {@code transaction_isolation}, {@code sql_log_bin}, {@code timestamp},
 * {@code insert_id}, {@code gtid_*}, PostgreSQL {@code client_encoding}, {@code role},
 * {@code standard_conforming_strings}, the {@code default_transaction_*} ones, ...) are not replayable: they pin.
 */
public final class SessionSet {

    /** What an entry does to the session's history. */
    public enum Op {
        /** Sets {@link Entry#key()}: replaces an earlier entry of the same key, at the end of the history. */
        SET,
        /** Resets {@link Entry#key()} to the server's default (PostgreSQL {@code RESET x}, {@code SET x TO DEFAULT}). */
        RESET,
        /** Resets every variable ({@code RESET ALL}, {@code DISCARD ALL}): the history is empty again. */
        RESET_ALL
    }

    /**
     * One variable set or reset.
     *
     * @param key  the variable, lower-case ({@code @cart} for a MySQL user variable, {@code names} for
     *             {@code SET NAMES}, {@code charset} for {@code SET CHARACTER SET}, {@code timezone} for PostgreSQL
     *             {@code SET TIME ZONE}); null for {@link Op#RESET_ALL}
     * @param op   what it does
     * @param text what replays it: for MySQL one assignment of a {@code SET} list ({@code sql_mode = 'ANSI'},
     *             {@code NAMES utf8mb4}), joined after {@code SET } with {@code , }; for PostgreSQL a whole statement
     */
    public record Entry(String key, Op op, String text) {
        public Entry {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(text, "text");
        }
    }

    private final Dialect dialect;
    private final List<Entry> entries;

    public SessionSet(Dialect dialect, List<Entry> entries) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.entries = List.copyOf(entries);
    }

    public Dialect dialect() {
        return dialect;
    }

    public List<Entry> entries() {
        return entries;
    }

    @Override
    public String toString() {
        return "SessionSet" + entries;
    }
}
