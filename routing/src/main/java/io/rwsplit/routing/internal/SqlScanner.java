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
 *
 * <p>The quoting and comment rules are static methods ({@link #quotedEnd}, {@link #blockCommentEnd},
 * {@link #lineCommentBody}, {@link #dollarTagEnd} ...) shared with {@link LiteralNormalizer}, so that both read a
 * text the same way.
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
            int lineCommentBody;
            if (isWhitespace(c)) {
                pos++;
            } else if (c == '/' && at(pos + 1) == '*') {
                blockComment();
            } else if (inExecutableComment && c == '*' && at(pos + 1) == '/') {
                blank(pos, pos + 2);
                inExecutableComment = false;
                pos += 2;
            } else if ((lineCommentBody = lineCommentBody(sql, pos, mysql())) >= 0) {
                lineComment(lineCommentBody);
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
        int body = mysql() && !inExecutableComment ? executableCommentBody(sql, pos) : -1;
        if (body >= 0) {
            blank(start, body);
            inExecutableComment = true;
            pos = body;
            return;
        }
        int end = blockCommentEnd(sql, pos, !mysql());
        if (end < 0) {
            comments.add(sql.substring(start + 2));
            pos = sql.length();
        } else {
            comments.add(sql.substring(start + 2, end - 2));
            pos = end;
        }
    }

    private void lineComment(int bodyStart) {
        int p = lineEnd(sql, bodyStart);
        comments.add(sql.substring(Math.min(bodyStart, sql.length()), p));
        pos = p;
    }

    private void string(int start, char quote, boolean backslashEscapes) {
        int end = quotedEnd(sql, pos, quote, backslashEscapes);
        int p = end < 0 ? sql.length() : end;
        add(SqlToken.Type.STRING, sql.substring(start, p), start, p);
        pos = p;
    }

    private void quotedIdent(char quote) {
        int start = pos;
        int end = quotedEnd(sql, pos, quote, false);
        String doubled = String.valueOf(quote) + quote;
        String name = (end < 0 ? sql.substring(start + 1) : sql.substring(start + 1, end - 1))
                .replace(doubled, String.valueOf(quote));
        int p = end < 0 ? sql.length() : end;
        add(SqlToken.Type.QUOTED_IDENT, name, start, p);
        pos = p;
    }

    /** PostgreSQL {@code $tag$ ... $tag$}. Returns false (consuming nothing) when this {@code $} starts none. */
    private boolean dollarQuote() {
        int tagEnd = dollarTagEnd(sql, pos);
        if (tagEnd < 0) {
            return false;
        }
        int close = dollarQuoteEnd(sql, pos, tagEnd);
        int end = close < 0 ? sql.length() : close;
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

    // ---- Lexical rules shared with LiteralNormalizer. Offsets are into sql; -1 means "not found / unterminated".

    private static final byte IDENT_START = 1;
    private static final byte IDENT_PART = 2;
    private static final byte WHITESPACE = 4;
    private static final byte NEUTRAL = 8;
    /** Punctuation that opens no comment, quote, number or variable in either dialect. */
    private static final String NEUTRAL_PUNCTUATION = ",;()[]{}=<>+!%&|^~?:";
    /** Classes of the ASCII characters; every character from 0x80 on starts and continues an identifier. */
    private static final byte[] ASCII = new byte[0x80];

    static {
        for (char c = 0; c < 0x80; c++) {
            boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
            boolean digit = c >= '0' && c <= '9';
            ASCII[c] = (byte) ((letter || c == '_' ? IDENT_START : 0)
                    | (letter || digit || c == '_' || c == '$' ? IDENT_PART : 0)
                    | (Character.isWhitespace(c) ? WHITESPACE | NEUTRAL : 0)
                    | (NEUTRAL_PUNCTUATION.indexOf(c) >= 0 ? NEUTRAL : 0));
        }
    }

    /** A letter, {@code _}, or any character from 0x80 on. */
    static boolean isIdentStart(char c) {
        return c >= 0x80 || (ASCII[c] & IDENT_START) != 0;
    }

    /** A letter, a digit, {@code _}, {@code $}, or any character from 0x80 on. */
    static boolean isIdentPart(char c) {
        return c >= 0x80 || (ASCII[c] & IDENT_PART) != 0;
    }

    /**
     * ASCII whitespace, or punctuation that starts nothing (no comment, quote, number, variable or name): nothing
     * to do but step over it.
     */
    static boolean isNeutral(char c) {
        return c < 0x80 && (ASCII[c] & NEUTRAL) != 0;
    }

    /** {@link Character#isWhitespace}, with a table for ASCII. */
    static boolean isWhitespace(char c) {
        return c < 0x80 ? (ASCII[c] & WHITESPACE) != 0 : Character.isWhitespace(c);
    }

    /**
     * End (exclusive) of the text quoted with {@code quote} that opens at {@code start}: a doubled quote stands for
     * itself, and with {@code backslashEscapes} a backslash escapes the next character. -1 when unterminated.
     */
    static int quotedEnd(String sql, int start, char quote, boolean backslashEscapes) {
        int n = sql.length();
        int p = start + 1;
        while (p < n) {
            char c = sql.charAt(p);
            if (backslashEscapes && c == '\\') {
                p += 2;
            } else if (c == quote) {
                if (p + 1 < n && sql.charAt(p + 1) == quote) {
                    p += 2;
                } else {
                    return p + 1;
                }
            } else {
                p++;
            }
        }
        return -1;
    }

    /**
     * End (exclusive) of the block comment that opens at {@code start} ({@code /*}), nested comments counted when
     * {@code nested} (PostgreSQL). -1 when unterminated.
     */
    static int blockCommentEnd(String sql, int start, boolean nested) {
        int n = sql.length();
        int p = start + 2;
        int nesting = 1;
        while (p < n) {
            char c = sql.charAt(p);
            if (c == '*' && p + 1 < n && sql.charAt(p + 1) == '/') {
                p += 2;
                if (--nesting == 0) {
                    return p;
                }
            } else if (nested && c == '/' && p + 1 < n && sql.charAt(p + 1) == '*') {
                nesting++;
                p += 2;
            } else {
                p++;
            }
        }
        return -1;
    }

    /**
     * MySQL: where the code of the executable comment opening at {@code start} begins ({@code /*!}, {@code /*M!},
     * then an optional version number), or -1 when the text at {@code start} opens none.
     */
    static int executableCommentBody(String sql, int start) {
        int n = sql.length();
        if (start + 2 >= n || sql.charAt(start) != '/' || sql.charAt(start + 1) != '*') {
            return -1;
        }
        int p;
        if (sql.charAt(start + 2) == '!') {
            p = start + 3;
        } else if (sql.charAt(start + 2) == 'M' && start + 3 < n && sql.charAt(start + 3) == '!') {
            p = start + 4;
        } else {
            return -1;
        }
        while (p < n && Character.isDigit(sql.charAt(p))) {
            p++;
        }
        return p;
    }

    /**
     * Where the body of a line comment opening at {@code pos} begins, or -1 when none opens there: {@code --}
     * (in MySQL only when followed by whitespace, a control character or the end of the text) and MySQL {@code #}.
     */
    static int lineCommentBody(String sql, int pos, boolean mysql) {
        int n = sql.length();
        char c = sql.charAt(pos);
        if (c == '-' && pos + 1 < n && sql.charAt(pos + 1) == '-') {
            if (!mysql || pos + 2 >= n || isWhitespace(sql.charAt(pos + 2)) || sql.charAt(pos + 2) < ' ') {
                return pos + 2;
            }
            return -1;
        }
        return c == '#' && mysql ? pos + 1 : -1;
    }

    /** End (exclusive) of the line that {@code from} is on, without its line break. */
    static int lineEnd(String sql, int from) {
        int p = from;
        while (p < sql.length() && sql.charAt(p) != '\n' && sql.charAt(p) != '\r') {
            p++;
        }
        return p;
    }

    /**
     * PostgreSQL: end (exclusive) of the opening tag of a dollar quote ({@code $$}, {@code $tag$}) at {@code start},
     * or -1 when the {@code $} there opens none ({@code $1} is a parameter).
     */
    static int dollarTagEnd(String sql, int start) {
        int n = sql.length();
        int p = start + 1;
        while (p < n && (isIdentStart(sql.charAt(p)) || (p > start + 1 && Character.isDigit(sql.charAt(p))))) {
            p++;
        }
        return p < n && sql.charAt(p) == '$' ? p + 1 : -1;
    }

    /** End (exclusive) of the dollar-quoted text whose opening tag spans [start, tagEnd), or -1 when unterminated. */
    static int dollarQuoteEnd(String sql, int start, int tagEnd) {
        int close = sql.indexOf(sql.substring(start, tagEnd), tagEnd);
        return close < 0 ? -1 : close + (tagEnd - start);
    }
}
