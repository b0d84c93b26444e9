package io.rwsplit.routing.internal;

import io.rwsplit.routing.Dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small hand-written lexer: enough of each dialect's quoting and comment rules to find comments (for hints),
 * split multi-statement texts on top-level semicolons, and see keywords and function calls outside literals.
 *
 * <p>MySQL executable comments ({@code /*!50700 ... *}{@code /}, MariaDB {@code /*M! ... *}{@code /}) are code to
 * the server, so their content is lexed as code and their markers are blanked out of {@link Scan#parseText}; the
 * ShardingSphere lexer would otherwise hide them.
 */
final class SqlScanner {

    /** Result of scanning one SQL text. */
    static final class Scan {
        final List<SqlToken> tokens;
        /** Bodies of ordinary comments, without their delimiters. */
        final List<String> comments;
        /** The text to hand to the parser: the SQL with executable comment markers blanked out. */
        final String parseText;

        Scan(List<SqlToken> tokens, List<String> comments, String parseText) {
            this.tokens = tokens;
            this.comments = comments;
            this.parseText = parseText;
        }
    }

    private final Dialect dialect;
    private final String sql;
    private final char[] parseChars;
    private final List<SqlToken> tokens = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private int pos;
    private int depth;
    private boolean inExecutableComment;
    private boolean parseCharsChanged;

    private SqlScanner(Dialect dialect, String sql) {
        this.dialect = dialect;
        this.sql = sql;
        this.parseChars = sql.toCharArray();
    }

    static Scan scan(Dialect dialect, String sql) {
        SqlScanner s = new SqlScanner(dialect, sql);
        s.run();
        return new Scan(s.tokens, s.comments, s.parseCharsChanged ? new String(s.parseChars) : sql);
    }

    private boolean mysql() {
        return dialect == Dialect.MYSQL;
    }

    private char at(int i) {
        return i < sql.length() ? sql.charAt(i) : '\0';
    }

    private void run() {
        int n = sql.length();
        while (pos < n) {
            char c = sql.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '/' && at(pos + 1) == '*') {
                blockComment();
            } else if (inExecutableComment && c == '*' && at(pos + 1) == '/') {
                blank(pos, pos + 2);
                inExecutableComment = false;
                pos += 2;
            } else if (c == '-' && at(pos + 1) == '-'
                    && (!mysql() || pos + 2 >= n || Character.isWhitespace(at(pos + 2)) || at(pos + 2) < ' ')) {
                lineComment(pos + 2);
            } else if (c == '#' && mysql()) {
                lineComment(pos + 1);
            } else if (c == '\'') {
                string(pos, '\'', mysql());
            } else if (c == '"') {
                if (mysql()) {
                    string(pos, '"', true);
                } else {
                    quotedIdent('"');
                }
            } else if (c == '`' && mysql()) {
                quotedIdent('`');
            } else if (c == '$' && !mysql() && dollarQuote()) {
                // consumed
            } else if (c == '@' && mysql()) {
                variable();
            } else if (isIdentStart(c)) {
                word();
            } else if (c >= '0' && c <= '9') {
                number();
            } else {
                punct(c);
            }
        }
    }

    private void blockComment() {
        int start = pos;
        if (mysql() && !inExecutableComment && (at(pos + 2) == '!' || (at(pos + 2) == 'M' && at(pos + 3) == '!'))) {
            int p = pos + (at(pos + 2) == '!' ? 3 : 4);
            while (p < sql.length() && Character.isDigit(sql.charAt(p))) {
                p++;
            }
            blank(start, p);
            inExecutableComment = true;
            pos = p;
            return;
        }
        int p = pos + 2;
        int nesting = 1;
        while (p < sql.length()) {
            if (sql.charAt(p) == '*' && at(p + 1) == '/') {
                nesting--;
                p += 2;
                if (nesting == 0) {
                    comments.add(sql.substring(start + 2, p - 2));
                    pos = p;
                    return;
                }
            } else if (!mysql() && sql.charAt(p) == '/' && at(p + 1) == '*') {
                nesting++;
                p += 2;
            } else {
                p++;
            }
        }
        comments.add(sql.substring(start + 2));
        pos = sql.length();
    }

    private void lineComment(int bodyStart) {
        int p = bodyStart;
        while (p < sql.length() && sql.charAt(p) != '\n' && sql.charAt(p) != '\r') {
            p++;
        }
        comments.add(sql.substring(Math.min(bodyStart, sql.length()), p));
        pos = p;
    }

    private void string(int start, char quote, boolean backslashEscapes) {
        int p = pos + 1;
        while (p < sql.length()) {
            char c = sql.charAt(p);
            if (backslashEscapes && c == '\\') {
                p += 2;
            } else if (c == quote) {
                if (at(p + 1) == quote) {
                    p += 2;
                } else {
                    p++;
                    break;
                }
            } else {
                p++;
            }
        }
        p = Math.min(p, sql.length());
        add(SqlToken.Type.STRING, sql.substring(start, p), start, p);
        pos = p;
    }

    private void quotedIdent(char quote) {
        int start = pos;
        StringBuilder name = new StringBuilder();
        int p = pos + 1;
        while (p < sql.length()) {
            char c = sql.charAt(p);
            if (c == quote) {
                if (at(p + 1) == quote) {
                    name.append(quote);
                    p += 2;
                    continue;
                }
                p++;
                break;
            }
            name.append(c);
            p++;
        }
        add(SqlToken.Type.QUOTED_IDENT, name.toString(), start, p);
        pos = p;
    }

    /** PostgreSQL {@code $tag$ ... $tag$}. Returns false (consuming nothing) when this {@code $} starts none. */
    private boolean dollarQuote() {
        int p = pos + 1;
        while (p < sql.length() && (isIdentStart(sql.charAt(p)) || (p > pos + 1 && Character.isDigit(sql.charAt(p))))) {
            p++;
        }
        if (at(p) != '$') {
            return false;
        }
        String tag = sql.substring(pos, p + 1);
        int close = sql.indexOf(tag, p + 1);
        int end = close < 0 ? sql.length() : close + tag.length();
        add(SqlToken.Type.STRING, sql.substring(pos, end), pos, end);
        pos = end;
        return true;
    }

    private void variable() {
        int start = pos;
        if (at(pos + 1) == '@') {
            int p = pos + 2;
            while (p < sql.length() && (isIdentPart(sql.charAt(p)) || sql.charAt(p) == '.')) {
                p++;
            }
            add(SqlToken.Type.SYSTEM_VAR, sql.substring(start + 2, p).toUpperCase(Locale.ROOT), start, p);
            pos = p;
            return;
        }
        char q = at(pos + 1);
        if (q == '\'' || q == '"' || q == '`') {
            pos++;
            int before = tokens.size();
            if (q == '`') {
                quotedIdent('`');
            } else {
                string(pos, q, true);
            }
            SqlToken quoted = tokens.remove(before);
            add(SqlToken.Type.USER_VAR, quoted.text, start, quoted.end);
            return;
        }
        int p = pos + 1;
        while (p < sql.length() && (isIdentPart(sql.charAt(p)) || sql.charAt(p) == '.')) {
            p++;
        }
        add(SqlToken.Type.USER_VAR, sql.substring(start + 1, p), start, p);
        pos = p;
    }

    private void word() {
        int start = pos;
        int p = pos + 1;
        while (p < sql.length() && isIdentPart(sql.charAt(p))) {
            p++;
        }
        // E'...' (PostgreSQL escape string), X'..', B'..', N'..', U&'..': a prefixed string literal
        if (at(p) == '\'' && p - start == 1) {
            pos = p;
            string(start, '\'', mysql() || sql.charAt(start) == 'E' || sql.charAt(start) == 'e');
            return;
        }
        add(SqlToken.Type.WORD, sql.substring(start, p).toUpperCase(Locale.ROOT), start, p);
        pos = p;
    }

    private void number() {
        int start = pos;
        int p = pos;
        while (p < sql.length() && (isIdentPart(sql.charAt(p)) || sql.charAt(p) == '.')) {
            p++;
        }
        add(SqlToken.Type.NUMBER, sql.substring(start, p), start, p);
        pos = p;
    }

    private void punct(char c) {
        int start = pos;
        if (c == ';') {
            add(SqlToken.Type.SEMICOLON, ";", start, start + 1);
            pos++;
            return;
        }
        if (c == ':' && (at(pos + 1) == '=' || at(pos + 1) == ':')) {
            add(SqlToken.Type.PUNCT, sql.substring(start, start + 2), start, start + 2);
            pos += 2;
            return;
        }
        if (c == '(') {
            add(SqlToken.Type.PUNCT, "(", start, start + 1);
            depth++;
        } else if (c == ')') {
            depth = Math.max(0, depth - 1);
            add(SqlToken.Type.PUNCT, ")", start, start + 1);
        } else {
            add(SqlToken.Type.PUNCT, String.valueOf(c), start, start + 1);
        }
        pos++;
    }

    private void add(SqlToken.Type type, String text, int start, int end) {
        tokens.add(new SqlToken(type, text, start, end, depth));
    }

    private void blank(int from, int to) {
        for (int i = from; i < to && i < parseChars.length; i++) {
            parseChars[i] = ' ';
        }
        parseCharsChanged = true;
    }

    private boolean isIdentStart(char c) {
        return Character.isLetter(c) || c == '_' || c >= 0x80;
    }

    private boolean isIdentPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c >= 0x80;
    }
}
