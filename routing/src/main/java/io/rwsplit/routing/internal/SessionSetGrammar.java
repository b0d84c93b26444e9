package io.rwsplit.routing.internal;

import io.rwsplit.routing.Dialect;
import io.rwsplit.routing.SessionSet;
import io.rwsplit.routing.SessionSet.Entry;
import io.rwsplit.routing.SessionSet.Op;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The strict grammar of the session statements rwsplit replays instead of pinning, read from the tokens of rwsplit's
 * own lexer (which reads a text as the server does). Anything outside it is not replayable, and keeps today's
 * classification (it pins). The grammar decides from the shape of a statement, never from a literal's value, except
 * for the variable named by {@code set_config}'s first argument: the classification cache (which answers texts that
 * differ in literals alike) only says "maybe replayable", and {@link #read} is asked again for the text itself.
 *
 * <ul>
 *   <li>MySQL / MariaDB: {@code SET item [, item ...]}, each item one of {@code [SESSION | LOCAL] name = value},
 *       {@code @@[session. | local.]name = value}, {@code @user = value} ({@code :=} too), {@code NAMES cs [COLLATE
 *       c]}, {@code CHARACTER SET cs}, {@code CHARSET cs}. A value is a number (signed), a single-quoted string, or
 *       (for a system variable) a bare word that is not a function ({@code ON}, {@code DEFAULT}, {@code ANSI}); for a
 *       user variable {@code NULL}, {@code TRUE}, {@code FALSE}. {@code GLOBAL}, {@code PERSIST} are not.</li>
 *   <li>PostgreSQL: {@code SET [SESSION] name {TO | =} value [, value ...]} (values: numbers, strings, words, quoted
 *       names), {@code SET [SESSION] TIME ZONE value}, {@code SET SCHEMA 'x'}, {@code RESET name},
 *       {@code RESET ALL}, {@code DISCARD ALL}, {@code SELECT set_config('name', 'value', false)}.
 *       {@code SET LOCAL} and {@code SET TRANSACTION} belong to the transaction and are not session state.</li>
 * </ul>
 * Comments inside the statement are not accepted (the replayed text is cut from the statement); a multi-statement
 * text is not replayable.
 */
public final class SessionSetGrammar {

    /** MySQL variables tied to the connection, the transaction, replication or the server's clock: they pin. */
    private static final Set<String> MYSQL_DENIED = Set.of("autocommit", "transaction_isolation", "tx_isolation",
            "transaction_read_only", "tx_read_only", "completion_type", "timestamp", "insert_id", "last_insert_id",
            "identity", "rand_seed1", "rand_seed2", "sql_log_bin", "sql_log_off", "skip_replication", "server_id",
            "debug", "debug_sync", "default_storage_engine_for_tmp", "transaction_alloc_block_size");
    private static final List<String> MYSQL_DENIED_PREFIXES = List.of("gtid_", "pseudo_", "wsrep_",
            "session_track_", "binlog_");
    /** PostgreSQL parameters tied to the connection's protocol, identity or transactions, or to how SQL is read. */
    private static final Set<String> POSTGRES_DENIED = Set.of("client_encoding", "session_authorization", "role",
            "transaction_isolation", "transaction_read_only", "transaction_deferrable",
            "default_transaction_isolation", "default_transaction_read_only", "default_transaction_deferrable",
            "standard_conforming_strings", "session_replication_role", "is_superuser");
    /** Words that are functions without parentheses in MySQL: their value differs per server and moment. */
    private static final Set<String> MYSQL_NILADIC = Set.of("CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP",
            "CURRENT_USER", "CURRENT_ROLE", "LOCALTIME", "LOCALTIMESTAMP", "UTC_DATE", "UTC_TIME", "UTC_TIMESTAMP",
            "SYSDATE", "NOW", "USER", "SESSION_USER", "SYSTEM_USER", "DATABASE", "SCHEMA", "CONNECTION_ID",
            "VERSION", "RAND", "UUID", "PI");
    /** MySQL SET items that are not variables. */
    private static final Set<String> MYSQL_NOT_VARIABLES = Set.of("TRANSACTION", "PASSWORD", "ROLE", "DEFAULT",
            "STATEMENT", "GLOBAL", "PERSIST", "PERSIST_ONLY", "NAMES", "CHARACTER", "CHARSET");

    private SessionSetGrammar() {
    }

    /** The session statement of a whole text, or null when it is not replayable (or not one statement). */
    public static SessionSet read(Dialect dialect, String sql) {
        if (sql == null || sql.length() > 4096) {
            return null;
        }
        SqlScanner.Scan scan = SqlScanner.scan(dialect, sql);
        if (scan.unsure != null) {
            return null;
        }
        List<SqlToken> tokens = scan.tokens;
        int n = tokens.size();
        while (n > 0 && tokens.get(n - 1).type == SqlToken.Type.SEMICOLON) {
            n--;
        }
        List<SqlToken> statement = tokens.subList(0, n);
        for (SqlToken t : statement) {
            if (t.type == SqlToken.Type.SEMICOLON) {
                return null;
            }
        }
        List<Entry> entries = entries(dialect, sql, statement, true);
        return entries == null ? null : new SessionSet(dialect, entries);
    }

    /** Whether a statement starting with this word may be replayable: worth reading with {@link #entries}. */
    static boolean mayStart(String firstWord, Dialect dialect) {
        if (firstWord == null) {
            return false;
        }
        switch (firstWord) {
            case "SET":
                return true;
            case "RESET":
            case "DISCARD":
            case "SELECT":
                return dialect == Dialect.POSTGRESQL;
            default:
                return false;
        }
    }

    /**
     * The entries of one statement's tokens, or null when it is not replayable; {@code exact}: read literals too
     * (the variable {@code set_config} names), else decide from the statement's shape alone, as the classification
     * cache needs.
     */
    static List<Entry> entries(Dialect dialect, String sql, List<SqlToken> t, boolean exact) {
        if (t.size() < 2 || !mayStart(t.get(0).type == SqlToken.Type.WORD ? t.get(0).text : null, dialect)) {
            return null;
        }
        // Parentheses only in set_config's one shape, which checks its own tokens.
        boolean call = t.get(0).isWord("SELECT");
        for (int i = 1; i < t.size(); i++) {
            SqlToken a = t.get(i - 1);
            SqlToken b = t.get(i);
            if (b.depth != t.get(0).depth && !call || !sql.substring(a.end, b.start).isBlank()) {
                return null; // a comment, or parentheses: not the plain statement this grammar knows
            }
        }
        try {
            return dialect == Dialect.MYSQL ? mysql(sql, t) : postgres(sql, t, exact);
        } catch (IndexOutOfBoundsException e) {
            return null; // the statement ended early
        }
    }

    // ------------------------------------------------------------------ MySQL, MariaDB

    private static List<Entry> mysql(String sql, List<SqlToken> t) {
        if (!t.get(0).isWord("SET")) {
            return null;
        }
        List<Entry> out = new ArrayList<>(2);
        int n = t.size();
        int i = 1;
        for (;;) {
            int start = i;
            String key;
            SqlToken tok = t.get(i);
            if (tok.isWord("SESSION") || tok.isWord("LOCAL")) {
                i++;
                tok = t.get(i);
                if (tok.type != SqlToken.Type.WORD || MYSQL_NOT_VARIABLES.contains(tok.text)) {
                    return null;
                }
            }
            if (tok.type == SqlToken.Type.USER_VAR && start == i) {
                key = "@" + tok.text.toLowerCase(Locale.ROOT);
                i = assignment(t, i + 1);
                if (i < 0 || !userValue(t, i)) {
                    return null;
                }
                i = afterValue(t, i);
            } else if (tok.type == SqlToken.Type.SYSTEM_VAR && start == i) {
                String name = tok.text.toLowerCase(Locale.ROOT);
                if (name.startsWith("session.")) {
                    name = name.substring(8);
                } else if (name.startsWith("local.")) {
                    name = name.substring(6);
                }
                if (name.isEmpty() || name.indexOf('.') >= 0) {
                    return null; // @@global.x, @@persist.x, structured variables
                }
                key = name;
                i = assignment(t, i + 1);
                if (i < 0 || !systemValue(t, i)) {
                    return null;
                }
                i = afterValue(t, i);
            } else if (tok.isWord("NAMES") && start == i) {
                key = "names";
                i++;
                if (!charsetName(t.get(i))) {
                    return null;
                }
                i++;
                if (i < n && t.get(i).isWord("COLLATE")) {
                    if (!charsetName(t.get(i + 1))) {
                        return null;
                    }
                    i += 2;
                }
            } else if ((tok.isWord("CHARSET") || tok.isWord("CHARACTER") && t.get(i + 1).isWord("SET"))
                    && start == i) {
                key = "charset";
                i += tok.isWord("CHARSET") ? 1 : 2;
                if (!charsetName(t.get(i))) {
                    return null;
                }
                i++;
            } else if (tok.type == SqlToken.Type.WORD && !MYSQL_NOT_VARIABLES.contains(tok.text)) {
                key = tok.text.toLowerCase(Locale.ROOT);
                i = assignment(t, i + 1);
                if (i < 0 || !systemValue(t, i)) {
                    return null;
                }
                i = afterValue(t, i);
            } else {
                return null;
            }
            if (key.charAt(0) != '@' && denied(key, MYSQL_DENIED, MYSQL_DENIED_PREFIXES)) {
                return null;
            }
            out.add(new Entry(key, Op.SET, sql.substring(t.get(start).start, t.get(i - 1).end)));
            if (i == n) {
                return out;
            }
            if (!t.get(i).isPunct(",")) {
                return null;
            }
            i++;
        }
    }

    /** The index after {@code =} or {@code :=} at {@code i}, or -1. */
    private static int assignment(List<SqlToken> t, int i) {
        SqlToken a = t.get(i);
        return a.isPunct("=") || a.isPunct(":=") ? i + 1 : -1;
    }

    /** A constant: a signed number, a single-quoted string (with an optional X, B, N prefix). */
    private static boolean constant(List<SqlToken> t, int i) {
        SqlToken v = t.get(i);
        if (v.isPunct("-") || v.isPunct("+")) {
            return t.get(i + 1).type == SqlToken.Type.NUMBER;
        }
        return v.type == SqlToken.Type.NUMBER || v.type == SqlToken.Type.STRING && !v.text.startsWith("\"")
                && !v.text.startsWith("$");
    }

    private static boolean userValue(List<SqlToken> t, int i) {
        SqlToken v = t.get(i);
        return constant(t, i) || v.isWord("NULL") || v.isWord("TRUE") || v.isWord("FALSE");
    }

    private static boolean systemValue(List<SqlToken> t, int i) {
        SqlToken v = t.get(i);
        return constant(t, i) || v.type == SqlToken.Type.WORD && !MYSQL_NILADIC.contains(v.text);
    }

    /** The index after the value at {@code i} (a sign and its number are one value). */
    private static int afterValue(List<SqlToken> t, int i) {
        return t.get(i).type == SqlToken.Type.PUNCT ? i + 2 : i + 1;
    }

    private static boolean charsetName(SqlToken v) {
        return v.type == SqlToken.Type.WORD || v.type == SqlToken.Type.STRING && v.text.startsWith("'");
    }

    // ------------------------------------------------------------------ PostgreSQL

    private static List<Entry> postgres(String sql, List<SqlToken> t, boolean exact) {
        String text = sql.substring(t.get(0).start, t.get(t.size() - 1).end);
        int n = t.size();
        SqlToken first = t.get(0);
        if (first.isWord("RESET")) {
            if (n == 2 && t.get(1).isWord("ALL")) {
                return List.of(new Entry(null, Op.RESET_ALL, text));
            }
            int end = name(t, 1);
            return end == n ? one(postgresKey(t, 1, end), Op.RESET, text) : null;
        }
        if (first.isWord("DISCARD")) {
            return n == 2 && t.get(1).isWord("ALL") ? List.of(new Entry(null, Op.RESET_ALL, text)) : null;
        }
        if (first.isWord("SELECT")) {
            return setConfig(t, text, exact);
        }
        int i = 1;
        if (t.get(i).isWord("SESSION")) {
            i++;
        }
        if (t.get(i).isWord("TIME") && t.get(i + 1).isWord("ZONE")) {
            i += 2;
            if (!postgresValue(t, i) || afterValue(t, i) != n) {
                return null;
            }
            boolean reset = t.get(i).isWord("LOCAL") || t.get(i).isWord("DEFAULT");
            return one("timezone", reset ? Op.RESET : Op.SET, text);
        }
        if (t.get(i).isWord("SCHEMA")) {
            return n == i + 2 && t.get(i + 1).type == SqlToken.Type.STRING && t.get(i + 1).text.startsWith("'")
                    ? one("search_path", Op.SET, text) : null;
        }
        if (t.get(i).isWord("LOCAL") || t.get(i).isWord("TRANSACTION") || t.get(i).isWord("NAMES")) {
            return null;
        }
        int end = name(t, i);
        if (end < 0) {
            return null;
        }
        String key = postgresKey(t, i, end);
        i = end;
        if (!t.get(i).isWord("TO") && !t.get(i).isPunct("=")) {
            return null;
        }
        i++;
        int values = i;
        for (;;) {
            if (!postgresValue(t, i)) {
                return null;
            }
            i = afterValue(t, i);
            if (i == n) {
                break;
            }
            if (!t.get(i).isPunct(",")) {
                return null;
            }
            i++;
        }
        boolean reset = values + 1 == n && t.get(values).isWord("DEFAULT");
        return one(key, reset ? Op.RESET : Op.SET, text);
    }

    /** {@code SELECT set_config('name', 'value', false)}, exactly. */
    private static List<Entry> setConfig(List<SqlToken> t, String text, boolean exact) {
        if (t.size() != 9 || !t.get(1).isWord("SET_CONFIG") || !t.get(2).isPunct("(") || !t.get(4).isPunct(",")
                || !t.get(6).isPunct(",") || !t.get(7).isWord("FALSE") || !t.get(8).isPunct(")")) {
            return null;
        }
        // The tokens in parentheses have depth 1: accepted here only, for this one shape.
        SqlToken name = t.get(3);
        SqlToken value = t.get(5);
        if (!plainString(name) || !plainString(value)) {
            return null;
        }
        if (!exact) {
            return List.of(new Entry(null, Op.SET, text)); // the variable is a literal: read with the text itself
        }
        String key = name.text.substring(1, name.text.length() - 1).replace("''", "'").toLowerCase(Locale.ROOT);
        if (key.isEmpty() || !key.chars().allMatch(c -> c == '_' || c == '.' || Character.isLetterOrDigit(c))) {
            return null;
        }
        return one(key, Op.SET, text);
    }

    private static boolean plainString(SqlToken s) {
        return s.type == SqlToken.Type.STRING && s.text.startsWith("'");
    }

    /** The index after a parameter name ({@code name} or {@code prefix.name}) at {@code i}, or -1. */
    private static int name(List<SqlToken> t, int i) {
        if (i >= t.size() || t.get(i).type != SqlToken.Type.WORD) {
            return -1;
        }
        if (i + 2 < t.size() && t.get(i + 1).isPunct(".") && t.get(i + 2).type == SqlToken.Type.WORD) {
            return i + 3;
        }
        return i + 1;
    }

    private static String postgresKey(List<SqlToken> t, int from, int end) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < end; i++) {
            b.append(t.get(i).text.toLowerCase(Locale.ROOT));
        }
        return b.toString();
    }

    private static boolean postgresValue(List<SqlToken> t, int i) {
        SqlToken v = t.get(i);
        if (v.isWord("INTERVAL")) {
            return false;
        }
        return constant(t, i) || v.type == SqlToken.Type.WORD || v.type == SqlToken.Type.QUOTED_IDENT;
    }

    private static List<Entry> one(String key, Op op, String text) {
        if (key == null || denied(key, POSTGRES_DENIED, List.of())) {
            return null;
        }
        return List.of(new Entry(key, op, text));
    }

    private static boolean denied(String key, Set<String> exact, List<String> prefixes) {
        if (exact.contains(key)) {
            return true;
        }
        for (String p : prefixes) {
            if (key.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
