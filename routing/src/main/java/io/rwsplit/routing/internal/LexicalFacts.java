package io.rwsplit.routing.internal;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the tokens of one statement show, independent of the parser: calls of functions with side effects
 * (anywhere, outside literals and comments), MySQL user variable assignments, and the leading keywords that
 * decide SET scopes, temporary objects, read-only BEGIN and so on.
 */
final class LexicalFacts {

    /** Functions whose call has a side effect or reads per-session state, matched case-insensitively. */
    private static final Set<String> SIDE_EFFECT_FUNCTIONS = Set.of(
            "nextval", "setval", "currval", "lastval", "last_insert_id", "sleep", "txid_current",
            "txid_current_if_assigned", "pg_current_xact_id", "pg_current_xact_id_if_assigned", "set_config",
            "pg_notify", "get_lock", "release_lock", "release_all_locks");
    private static final List<String> SIDE_EFFECT_PREFIXES = List.of(
            "pg_advisory_lock", "pg_try_advisory_lock", "pg_advisory_unlock", "pg_advisory_xact_lock",
            "pg_try_advisory_xact_lock", "pg_sleep", "dblink", "lo_");
    /** Functions whose effect outlives the statement and the transaction: the session must stay where it ran. */
    private static final Set<String> PINNING_FUNCTIONS = Set.of(
            "get_lock", "release_lock", "release_all_locks", "set_config");
    private static final List<String> PINNING_PREFIXES = List.of(
            "pg_advisory_lock", "pg_try_advisory_lock", "pg_advisory_unlock");

    final List<SqlToken> tokens;
    final String firstWord;
    final String secondWord;
    boolean sideEffectCall;
    boolean pinningCall;
    boolean userVariableAssignment;
    boolean intoUserVariable;
    boolean intoTemporary;
    boolean temporaryObject;
    /** MariaDB / SQL:2003 {@code NEXT VALUE FOR seq} or {@code PREVIOUS VALUE FOR seq}. */
    boolean sequenceValueFor;
    /**
     * A locking clause's words anywhere: {@code FOR UPDATE}, {@code FOR SHARE}, {@code FOR NO KEY UPDATE},
     * {@code FOR KEY SHARE}, {@code LOCK IN SHARE MODE}.
     */
    boolean lockingWords;
    /** The word INTO anywhere. */
    boolean intoWord;
    /** A data-changing statement's keyword anywhere: INSERT, UPDATE, DELETE, MERGE, or REPLACE not called as a function. */
    boolean dmlWord;
    /** The first word, after any opening parentheses: what the server sees the statement start with. */
    final String leadingWord;
    /** The deepest parenthesis nesting of the statement, relative to its first token. */
    final int maxDepth;

    LexicalFacts(List<SqlToken> tokens) {
        this.tokens = tokens;
        this.firstWord = wordAt(0);
        this.secondWord = wordAt(1);
        int lead = 0;
        while (lead < tokens.size() && tokens.get(lead).isPunct("(")) {
            lead++;
        }
        this.leadingWord = wordAt(lead);
        int base = tokens.isEmpty() ? 0 : tokens.get(0).depth;
        int deepest = 0;
        for (SqlToken t : tokens) {
            deepest = Math.max(deepest, t.depth - base);
        }
        this.maxDepth = deepest;
        int n = tokens.size();
        for (int i = 0; i < n; i++) {
            SqlToken t = tokens.get(i);
            SqlToken next = i + 1 < n ? tokens.get(i + 1) : null;
            if ((t.type == SqlToken.Type.WORD || t.type == SqlToken.Type.QUOTED_IDENT)
                    && next != null && next.isPunct("(")) {
                String name = t.text.toLowerCase(Locale.ROOT);
                if (matches(name, SIDE_EFFECT_FUNCTIONS, SIDE_EFFECT_PREFIXES)) {
                    sideEffectCall = true;
                }
                if (matches(name, PINNING_FUNCTIONS, PINNING_PREFIXES)) {
                    pinningCall = true;
                }
            }
            if ((t.isWord("NEXT") || t.isWord("PREVIOUS")) && i + 2 < n && tokens.get(i + 1).isWord("VALUE")
                    && tokens.get(i + 2).isWord("FOR")) {
                sequenceValueFor = true;
                sideEffectCall = true;
            }
            if (t.type == SqlToken.Type.WORD) {
                switch (t.text) {
                    case "FOR":
                        lockingWords |= next != null && (next.isWord("UPDATE") || next.isWord("SHARE")
                                || next.isWord("NO") || next.isWord("KEY"));
                        break;
                    case "LOCK":
                        lockingWords |= next != null && next.isWord("IN");
                        break;
                    case "INTO":
                        intoWord = true;
                        break;
                    case "UPDATE":
                        // FOR UPDATE, FOR NO KEY UPDATE are locking clauses, not statements
                        dmlWord |= i == 0 || !(tokens.get(i - 1).isWord("FOR") || tokens.get(i - 1).isWord("KEY"));
                        break;
                    case "INSERT":
                    case "DELETE":
                    case "MERGE":
                        dmlWord = true;
                        break;
                    case "REPLACE":
                        dmlWord |= next == null || !next.isPunct("(");
                        break;
                    default:
                        break;
                }
            }
            if (t.type == SqlToken.Type.USER_VAR && next != null && next.isPunct(":=")) {
                userVariableAssignment = true;
            }
            if (t.isWord("INTO") && next != null) {
                if (next.type == SqlToken.Type.USER_VAR) {
                    intoUserVariable = true;
                } else if (next.isWord("TEMP") || next.isWord("TEMPORARY") || next.isWord("LOCAL")
                        || next.isWord("GLOBAL")) {
                    intoTemporary = true;
                }
            }
        }
        if ("CREATE".equals(firstWord) || "DROP".equals(firstWord)) {
            for (int i = 1; i < Math.min(n, 5) && tokens.get(i).type == SqlToken.Type.WORD; i++) {
                String w = tokens.get(i).text;
                if (w.equals("TEMP") || w.equals("TEMPORARY")) {
                    temporaryObject = true;
                }
            }
        }
    }

    /**
     * Whether the tokens alone prove the statement a pure read, as the server will read it (the scanner reads the
     * text as the server does): it starts with SELECT, WITH, TABLE or VALUES (after any opening parentheses) and has
     * none of the words or calls that make a read run on the primary: a locking clause, INTO, a data-changing
     * keyword, a function with side effects or with session effects, a user variable assignment, a temporary
     * object.
     */
    boolean provesRead() {
        return startsLikeAQuery() && !lockingWords && !intoWord && !dmlWord && !sideEffectCall && !pinningCall && !userVariableAssignment
                && !temporaryObject && !sequenceValueFor;
    }

    /** Whether the statement starts with SELECT, WITH, TABLE or VALUES, after any opening parentheses. */
    boolean startsLikeAQuery() {
        if (leadingWord == null) {
            return false;
        }
        switch (leadingWord) {
            case "SELECT":
            case "WITH":
            case "TABLE":
            case "VALUES":
                return true;
            default:
                return false;
        }
    }

    /** Whether the statement starts with a data-changing keyword: INSERT, UPDATE, DELETE, REPLACE, MERGE. */
    boolean startsWithDataChange() {
        if (firstWord == null) {
            return false;
        }
        switch (firstWord) {
            case "INSERT":
            case "UPDATE":
            case "DELETE":
            case "REPLACE":
            case "MERGE":
                return true;
            default:
                return false;
        }
    }

    /**
     * Whether any name in the statement (quoted or not, and a MySQL double-quoted string, a name under ANSI_QUOTES)
     * is a critical table's name, whatever its position.
     */
    boolean namesCriticalTable(CriticalTables critical) {
        if (critical.isEmpty()) {
            return false;
        }
        for (SqlToken t : tokens) {
            String name = nameOf(t);
            if (name != null && critical.matches(null, name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The lower-case name a token may stand for (a word, a quoted name, or a MySQL double-quoted string, a name under
     * ANSI_QUOTES), or null.
     */
    static String nameOf(SqlToken t) {
        if (t.type == SqlToken.Type.WORD || t.type == SqlToken.Type.QUOTED_IDENT) {
            return t.text.toLowerCase(Locale.ROOT);
        }
        if (t.type == SqlToken.Type.STRING && t.text.startsWith("\"")) {
            return TreeFacts.unquote(t.text);
        }
        return null;
    }

    /**
     * The tables a statement names right after FROM, JOIN, INTO or a leading UPDATE (for diagnostics:
     * {@code Classification.tables()} of a statement classified from its tokens), qualified names split, lower-case,
     * unquoted.
     */
    List<TreeFacts.TableRef> tablesNamedLexically() {
        List<TreeFacts.TableRef> out = new java.util.ArrayList<>(2);
        for (int i = 0; i + 1 < tokens.size(); i++) {
            SqlToken before = tokens.get(i);
            if (!before.isWord("FROM") && !before.isWord("JOIN") && !before.isWord("INTO")
                    && !(before.isWord("UPDATE") && i == 0)) {
                continue;
            }
            String schema = null;
            String name = null;
            int p = i + 1;
            while (p < tokens.size() && isName(tokens.get(p))) {
                schema = name;
                name = tokens.get(p).text.toLowerCase(Locale.ROOT);
                if (p + 2 < tokens.size() && tokens.get(p + 1).isPunct(".")) {
                    p += 2;
                } else {
                    break;
                }
            }
            if (name != null) {
                out.add(new TreeFacts.TableRef(schema, name));
            }
        }
        return out;
    }

    private static boolean isName(SqlToken t) {
        return t.type == SqlToken.Type.WORD && !t.text.equals("LATERAL") && !t.text.equals("ONLY")
                || t.type == SqlToken.Type.QUOTED_IDENT;
    }

    private static boolean matches(String name, Set<String> exact, List<String> prefixes) {
        if (exact.contains(name)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    String wordAt(int index) {
        if (index < tokens.size() && tokens.get(index).type == SqlToken.Type.WORD) {
            return tokens.get(index).text;
        }
        return null;
    }

    /** Whether the word appears at the statement's top level (outside parentheses). */
    boolean hasTopLevelWord(String upper) {
        int base = tokens.isEmpty() ? 0 : tokens.get(0).depth;
        for (SqlToken t : tokens) {
            if (t.depth == base && t.isWord(upper)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code first second} appear as consecutive words anywhere. */
    boolean hasWordPair(String first, String second) {
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).isWord(first) && tokens.get(i + 1).isWord(second)) {
                return true;
            }
        }
        return false;
    }

    /**
     * For EXPLAIN / DESCRIBE: whether the statement is executed ({@code EXPLAIN ANALYZE},
     * {@code EXPLAIN (ANALYZE, ...)}). Looks at the options between the keyword and the explained statement.
     */
    boolean explainAnalyzes() {
        for (int i = 1; i < tokens.size(); i++) {
            SqlToken t = tokens.get(i);
            if (t.type == SqlToken.Type.WORD) {
                if (t.text.equals("ANALYZE") || t.text.equals("ANALYSE")) {
                    return true;
                }
                if (t.depth == tokens.get(0).depth && isStatementStart(t.text)) {
                    return false;
                }
            }
        }
        return false;
    }

    private static boolean isStatementStart(String word) {
        switch (word) {
            case "SELECT":
            case "WITH":
            case "INSERT":
            case "UPDATE":
            case "DELETE":
            case "REPLACE":
            case "MERGE":
            case "VALUES":
            case "TABLE":
            case "CREATE":
            case "EXECUTE":
            case "DECLARE":
            case "FOR":
                return true;
            default:
                return false;
        }
    }

    /**
     * MySQL SET: whether every assignment is explicitly global ({@code SET GLOBAL x = ..},
     * {@code SET PERSIST x = ..}, {@code SET @@global.x = ..}), so the statement changes the server, not the
     * session.
     */
    boolean mysqlSetIsOnlyGlobal() {
        int base = tokens.get(0).depth;
        boolean itemStart = true;
        boolean sawItem = false;
        for (int i = 1; i < tokens.size(); i++) {
            SqlToken t = tokens.get(i);
            if (t.depth != base) {
                continue;
            }
            if (itemStart) {
                sawItem = true;
                boolean global = t.isWord("GLOBAL") || t.isWord("PERSIST") || t.isWord("PERSIST_ONLY")
                        || (t.type == SqlToken.Type.SYSTEM_VAR
                        && (t.text.startsWith("GLOBAL.") || t.text.startsWith("PERSIST.")
                        || t.text.startsWith("PERSIST_ONLY.")));
                if (!global) {
                    return false;
                }
                itemStart = false;
            } else if (t.isPunct(",")) {
                itemStart = true;
            }
        }
        return sawItem;
    }

    /** Rewrites the statement text so the 5.5.2 grammar accepts it, or null if there is nothing to rewrite. */
    String rewriteForParser(String text, int offset, boolean mysql) {
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken t = tokens.get(i);
            // PostgreSQL SKIP LOCKED is not in the grammar; it does not change what the statement is.
            if (!mysql && t.isWord("SKIP") && i + 1 < tokens.size() && tokens.get(i + 1).isWord("LOCKED")) {
                out = out == null ? new StringBuilder(text.length()) : out;
                out.append(text, copied, t.start - offset);
                copied = tokens.get(i + 1).end - offset;
                i++;
                continue;
            }
            // MariaDB NEXT VALUE FOR s / PREVIOUS VALUE FOR s -> nextval(s) / lastval(s)
            if (mysql && (t.isWord("NEXT") || t.isWord("PREVIOUS")) && i + 3 < tokens.size()
                    && tokens.get(i + 1).isWord("VALUE") && tokens.get(i + 2).isWord("FOR")) {
                int last = i + 3;
                while (last + 2 < tokens.size() && tokens.get(last + 1).isPunct(".")) {
                    last += 2;
                }
                out = out == null ? new StringBuilder(text.length()) : out;
                out.append(text, copied, t.start - offset)
                        .append(t.isWord("NEXT") ? "nextval(" : "lastval(")
                        .append(text, tokens.get(i + 3).start - offset, tokens.get(last).end - offset)
                        .append(')');
                copied = tokens.get(last).end - offset;
                i = last;
            }
        }
        if (out == null) {
            return null;
        }
        return out.append(text, copied, text.length()).toString();
    }
}
