package io.rwsplit.routing.internal;

import io.rwsplit.routing.Dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * rwsplit's own lexer, written to read a text exactly as the server's lexer does, because the verdict "this may run
 * on a replica" must never rest on a reading the server does not share. It finds comments (for hints), splits
 * multi-statement texts on top-level semicolons, yields the tokens outside literals and comments, and builds the
 * text the ShardingSphere parser gets ({@link Scan#parseText}), in which the parser's own lexer can no longer
 * disagree with the server: every comment is blanked out, and every string whose end depends on how backslashes are
 * read is neutralised (its content replaced by {@code x}), as are PostgreSQL dollar-quoted strings (written as an
 * ordinary {@code '...'} string). Offsets are unchanged.
 *
 * <p>The rules, per dialect ({@link Dialect#MYSQL} covers MariaDB and MySQL, so where they differ both readings are
 * taken into account):
 * <ul>
 *   <li>Block comments {@code /* *}{@code /}; nested on PostgreSQL, not on MySQL. Line comments: PostgreSQL
 *       {@code --} to the end of the line; MySQL {@code #}, and {@code --} only when followed by an ASCII space or
 *       control character (or the end), as the server's {@code my_isspace}/{@code my_iscntrl} check does
 *       ({@code 1--1} is arithmetic). A line ends at {@code \n} or {@code \r} (MySQL ends it at {@code \n}
 *       only: reading the rest as code can only make rwsplit see more, never less).</li>
 *   <li>MySQL executable comments {@code /*!}, {@code /*!NNNNN}, {@code /*M!}, {@code /*M!NNNNNN}: whether the
 *       server runs the content depends on the server and its version, so the content is lexed as code, and it must
 *       end where a plain comment would end (at the first {@code *}{@code /}): a string, quoted name, line comment
 *       or nested comment inside it that would run past that point (as {@code /*M!999999 -- x *}{@code /}
 *       {@code LOCK IN SHARE MODE} does when the server runs the comment) makes the two readings disagree on what is
 *       code, and the text is {@link Scan#unsure}. An executable comment that some server may skip (one with a
 *       version number, which an older server skips, or MariaDB's {@code /*M!}, which MySQL skips) makes the text
 *       unsure too: with its content and without it, the text is two statements (a comment between a function's
 *       name and its parenthesis, or inside a locking clause, hides the call or the clause from one reading), and
 *       each such comment doubles the readings. Only {@code /*!} without a version, which every MySQL and MariaDB
 *       server runs, is read as plain code.</li>
 *   <li>Strings: PostgreSQL {@code '...'} with doubled quotes only (standard_conforming_strings on, the default since
 *       9.1), {@code E'...'} with backslash escapes, {@code $tag$...$tag$}; MySQL {@code '...'} and {@code "..."}
 *       with backslash escapes and doubled quotes. A MySQL string whose end moves under the NO_BACKSLASH_ESCAPES
 *       sql_mode ({@code 'it\'s'}) is unsure, as is anything unterminated (a string, quoted name, comment, dollar
 *       quote).</li>
 *   <li>Whitespace is what both servers call whitespace: ASCII space, tab, line feed, vertical tab, form feed and
 *       carriage return; other control characters separate tokens too (the cautious reading). Every character from
 *       0x80 on is part of a name, as on both servers.</li>
 * </ul>
 *
 * <p>The quoting and comment rules are in {@link LexicalRules}, shared with {@link LiteralNormalizer}, so that both
 * read a text the same way.
 */
final class SqlScanner {

    /** Result of scanning one SQL text. */
    static final class Scan {
        final List<SqlToken> tokens;
        /** Bodies of ordinary comments, without their delimiters. */
        final List<String> comments;
        /** The text to hand to the parser: the SQL with comments blanked and ambiguous strings neutralised. */
        final String parseText;
        /** Why the server's reading of the text cannot be known for sure (the text then goes to the primary), or null. */
        final String unsure;

        Scan(List<SqlToken> tokens, List<String> comments, String parseText, String unsure) {
            this.tokens = tokens;
            this.comments = comments;
            this.parseText = parseText;
            this.unsure = unsure;
        }
    }

    private final Dialect dialect;
    private final String sql;
    private final char[] parseChars;
    private final List<SqlToken> tokens = new ArrayList<>();
    private final List<String> comments = new ArrayList<>();
    private int pos;
    private int depth;
    /** Offset of the {@code *}{@code /} that closes the executable comment being read, or -1 outside one. */
    private int executableEnd = -1;
    private boolean parseCharsChanged;
    private String unsure;

    private SqlScanner(Dialect dialect, String sql) {
        this.dialect = dialect;
        this.sql = sql;
        this.parseChars = sql.toCharArray();
    }

    static Scan scan(Dialect dialect, String sql) {
        SqlScanner s = new SqlScanner(dialect, sql);
        s.run();
        return new Scan(s.tokens, s.comments, s.parseCharsChanged ? new String(s.parseChars) : sql, s.unsure);
    }

    private boolean mysql() {
        return dialect == Dialect.MYSQL;
    }

    private char at(int i) {
        return i < sql.length() ? sql.charAt(i) : '\0';
    }

    private void run() {
        int n = sql.length();
        while (pos < n && unsure == null) {
            char c = sql.charAt(pos);
            int lineCommentBody;
            if (executableEnd >= 0 && pos == executableEnd) {
                blank(pos, pos + 2);
                executableEnd = -1;
                pos += 2;
            } else if (LexicalRules.isSeparator(c)) {
                pos++;
            } else if (c == '/' && at(pos + 1) == '*') {
                blockComment();
            } else if ((lineCommentBody = LexicalRules.lineCommentBody(sql, pos, mysql())) >= 0) {
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
            } else if (LexicalRules.isIdentStart(c)) {
                word();
            } else if (c >= '0' && c <= '9') {
                number();
            } else {
                punct(c);
            }
        }
        if (unsure == null && executableEnd >= 0) {
            unsure = "an executable comment is not closed"; // cannot happen: its end was found when it opened
        }
    }

    /** Records that the text cannot be read for sure; scanning stops. */
    private void unsure(String why) {
        if (unsure == null) {
            unsure = why;
        }
    }

    /**
     * Inside an executable comment, a construct read as code that ends after the comment's closing
     * {@code *}{@code /} (or contains it): the two readings of the comment disagree.
     */
    private boolean crossesExecutableEnd(int constructEnd) {
        if (executableEnd >= 0 && constructEnd > executableEnd) {
            unsure("a MySQL/MariaDB executable comment has a quote or comment that runs past its closing */, so"
                    + " what is code depends on the server's version");
            return true;
        }
        return false;
    }

    private void blockComment() {
        int start = pos;
        if (executableEnd >= 0) {
            unsure("a comment opens inside a MySQL/MariaDB executable comment");
            return;
        }
        int body = mysql() ? LexicalRules.executableCommentBody(sql, pos) : -1;
        if (body >= 0) {
            int end = LexicalRules.blockCommentEnd(sql, pos, false);
            if (end < 0) {
                unsure("an executable comment is not closed");
                return;
            }
            if (body != start + 3) {
                unsure("a MySQL/MariaDB executable comment with a version number or /*M! runs on some servers and"
                        + " not on others");
                return;
            }
            blank(start, body);
            executableEnd = end - 2;
            pos = body;
            return;
        }
        int end = LexicalRules.blockCommentEnd(sql, pos, !mysql());
        if (end < 0) {
            comments.add(sql.substring(start + 2));
            unsure("a comment is not closed");
            return;
        }
        comments.add(sql.substring(start + 2, end - 2));
        blank(start, end);
        pos = end;
    }

    private void lineComment(int bodyStart) {
        int p = LexicalRules.lineEnd(sql, bodyStart);
        if (crossesExecutableEnd(p)) {
            return;
        }
        comments.add(sql.substring(Math.min(bodyStart, sql.length()), p));
        blank(pos, p);
        pos = p;
    }

    private void string(int start, char quote, boolean backslashEscapes) {
        int end = LexicalRules.quotedEnd(sql, pos, quote, backslashEscapes);
        if (end < 0) {
            unsure("a string is not closed");
            return;
        }
        if (crossesExecutableEnd(end)) {
            return;
        }
        boolean backslash = sql.indexOf('\\', pos + 1) >= 0 && sql.indexOf('\\', pos + 1) < end;
        if (backslash && backslashEscapes && mysql() && LexicalRules.quotedEnd(sql, pos, quote, false) != end) {
            unsure("a string's end depends on whether the NO_BACKSLASH_ESCAPES sql_mode is set");
            return;
        }
        if (backslash || sql.indexOf(quote, pos + 1) < end - 1) {
            neutralise(pos + 1, end - 1);
        }
        add(SqlToken.Type.STRING, sql.substring(start, end), start, end);
        pos = end;
    }

    private void quotedIdent(char quote) {
        int start = pos;
        int end = LexicalRules.quotedEnd(sql, pos, quote, false);
        if (end < 0) {
            unsure("a quoted name is not closed");
            return;
        }
        if (crossesExecutableEnd(end)) {
            return;
        }
        String doubled = String.valueOf(quote) + quote;
        String name = sql.substring(start + 1, end - 1).replace(doubled, String.valueOf(quote));
        add(SqlToken.Type.QUOTED_IDENT, name, start, end);
        pos = end;
    }

    /**
     * PostgreSQL {@code $tag$ ... $tag$}, handed to the parser as an ordinary string of the same length. Returns
     * false (consuming nothing) when this {@code $} starts none.
     */
    private boolean dollarQuote() {
        int tagEnd = LexicalRules.dollarTagEnd(sql, pos);
        if (tagEnd < 0) {
            return false;
        }
        int end = LexicalRules.dollarQuoteEnd(sql, pos, tagEnd);
        if (end < 0) {
            unsure("a dollar-quoted string is not closed");
            return true;
        }
        parseChars[pos] = '\'';
        neutralise(pos + 1, end - 1);
        parseChars[end - 1] = '\'';
        add(SqlToken.Type.STRING, sql.substring(pos, end), pos, end);
        pos = end;
        return true;
    }

    private void variable() {
        int start = pos;
        if (at(pos + 1) == '@') {
            int p = pos + 2;
            while (p < sql.length() && (LexicalRules.isIdentPart(sql.charAt(p)) || sql.charAt(p) == '.')) {
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
            if (unsure != null) {
                return;
            }
            SqlToken quoted = tokens.remove(before);
            add(SqlToken.Type.USER_VAR, quoted.text, start, quoted.end);
            return;
        }
        int p = pos + 1;
        while (p < sql.length() && (LexicalRules.isIdentPart(sql.charAt(p)) || sql.charAt(p) == '.')) {
            p++;
        }
        add(SqlToken.Type.USER_VAR, sql.substring(start + 1, p), start, p);
        pos = p;
    }

    private void word() {
        int start = pos;
        int p = pos + 1;
        while (p < sql.length() && LexicalRules.isIdentPart(sql.charAt(p))) {
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
        while (p < sql.length() && (LexicalRules.isIdentPart(sql.charAt(p)) || sql.charAt(p) == '.')) {
            p++;
        }
        add(SqlToken.Type.NUMBER, NUMBER_TEXT, start, p); // no rule reads a number's digits
        pos = p;
    }

    private void punct(char c) {
        int start = pos;
        if (c == ';') {
            add(SqlToken.Type.SEMICOLON, ASCII_TEXT[';'], start, start + 1);
            pos++;
            return;
        }
        if (c == ':' && (at(pos + 1) == '=' || at(pos + 1) == ':')) {
            add(SqlToken.Type.PUNCT, sql.substring(start, start + 2), start, start + 2);
            pos += 2;
            return;
        }
        if (c == '(') {
            add(SqlToken.Type.PUNCT, ASCII_TEXT['('], start, start + 1);
            depth++;
        } else if (c == ')') {
            depth = Math.max(0, depth - 1);
            add(SqlToken.Type.PUNCT, ASCII_TEXT[')'], start, start + 1);
        } else {
            add(SqlToken.Type.PUNCT, c < 0x80 ? ASCII_TEXT[c] : String.valueOf(c), start, start + 1);
        }
        pos++;
    }

    /** The text of every number token (the rules read only where a number is, not its digits). */
    private static final String NUMBER_TEXT = "0";
    /** One-character strings of the ASCII characters, so that punctuation costs no allocation. */
    private static final String[] ASCII_TEXT = new String[0x80];

    static {
        for (char c = 0; c < 0x80; c++) {
            ASCII_TEXT[c] = String.valueOf(c).intern();
        }
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

    /** Replaces a string's content: the parser needs only to know that a string is there. */
    private void neutralise(int from, int to) {
        for (int i = from; i < to; i++) {
            parseChars[i] = 'x';
        }
        parseCharsChanged = true;
    }
}
