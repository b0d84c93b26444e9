package io.rwsplit.routing.internal;

import io.rwsplit.routing.Dialect;


/**
 * The literal-insensitive cache key of a SQL text: the text with its numeric and single-quoted string literals
 * replaced by a marker character per kind of literal, in one pass and with {@link SqlScanner}'s quoting and comment
 * rules. Two texts with the same key differ only in the values of literals of the same kind, which the classification
 * does not depend on (see {@link Literal} for why there are several kinds).
 *
 * <p>Never erased: double-quoted text (a PostgreSQL identifier, and a MySQL identifier under ANSI_QUOTES), backticked
 * names, dollar-quoted bodies, comments of any kind (hints live there) including MySQL executable comments and
 * everything in them, MySQL user and system variables ({@code @x}, {@code @'x'}, {@code @@session.x}), PostgreSQL
 * parameters ({@code $1}), and digits that belong to an identifier ({@code t1}, {@code col_2}, MySQL {@code 1table},
 * {@code t.5col}). A digit run glued to a letter, {@code _}, {@code $} or {@code .} is kept unless it is a complete
 * literal such as {@code 1e5}, {@code 1.5e-3}, {@code .5} or MySQL {@code 0x1F}.
 *
 * <p>The key is the text itself (the same instance) when the text has no literal to erase, and also when the
 * normalizer is unsure: an unterminated quote, comment or dollar quote; a marker character, a NUL or a UTF-16
 * surrogate anywhere in the text; a string that contains a backslash (except a PostgreSQL {@code E''} string): on
 * PostgreSQL a standard string's backslash is a plain character, on MySQL its meaning depends on the
 * NO_BACKSLASH_ESCAPES sql_mode, and {@link SqlScanner} decides what such a text is.
 *
 * <p>A key is only a key: it is never parsed. Callers must keep keys apart from SQL texts (a text may contain the
 * marker characters), e.g. by wrapping them in a type of their own.
 */
public final class LiteralNormalizer {

    /**
     * Kinds of literal, each with its marker. Literals of one kind are interchangeable for ShardingSphere 5.5.2:
     * the grammar accepts an integer where it rejects a decimal or a string ({@code LIMIT}, {@code ORDER BY 1},
     * {@code varchar(10)}), and its visitor converts some integers with {@code Integer.parseInt} (PostgreSQL
     * {@code ORDER BY} / {@code GROUP BY} positions, type lengths, MySQL precisions) or {@code Long.parseLong}
     * (PostgreSQL {@code LIMIT} / {@code OFFSET} / {@code FETCH}), failing above 2<sup>31</sup>-1 and 2<sup>63</sup>-1;
     * so integers are three kinds by magnitude, and the two magnitudes that fit only with a minus sign
     * (2<sup>31</sup>, 2<sup>63</sup>) are kept as they are. {@code BigDecimal} rejects an exponent beyond the int
     * range, so exponents of more than three digits are kept. ShardingSphere lexes {@code x'..'} and {@code b'..'}
     * as hex and bit literals only when their content is hex or binary digits (else as a name and a string), so other
     * contents are kept. Nothing else the classification reads depends on a literal's value.
     */
    public enum Literal {
        /** Integer up to 2<sup>31</sup>-1. */
        INT('\u0001'),
        /** Integer from 2<sup>31</sup>+1 to 2<sup>63</sup>-1. */
        LONG('\u0002'),
        /** Integer from 2<sup>63</sup>+1. */
        BIG_INTEGER('\u0003'),
        /** Digits with a fraction ({@code 1.5}, {@code .5}), no exponent. */
        DECIMAL('\u0004'),
        /** A number with an exponent of at most three digits ({@code 1e5}, {@code 1.5E-300}). */
        FLOAT('\u0005'),
        /** MySQL {@code 0x1F}. */
        HEX('\u0006'),
        /** MySQL {@code 0b101}. */
        BIT('\u0007'),
        /**
         * A single-quoted string; its prefix ({@code x}, {@code b}, {@code N}, {@code E}, {@code _utf8mb4},
         * {@code U&}) stays in the key.
         */
        STRING('\u0008');

        /** Replaces the literal in a key; a control character that is not whitespace. */
        public final char marker;

        Literal(char marker) {
            this.marker = marker;
        }
    }

    static final char FIRST_MARKER = '\u0001';
    static final char LAST_MARKER = '\u0008';

    /** Receives the literals of a text, in order. */
    public interface Sink {
        /** A literal of {@code kind} spans [start, end) of the text; a string's prefix is not in the span. */
        void literal(Literal kind, int start, int end);
    }

    private final boolean mysql;

    public LiteralNormalizer(Dialect dialect) {
        this.mysql = dialect == Dialect.MYSQL;
    }

    /**
     * The text with each literal replaced by its kind's marker, or the text itself (the same instance) when it has
     * no literal or the normalizer is unsure.
     */
    public String key(String sql) {
        LiteralShape shape = shape(sql);
        return shape == null ? sql : shape.key();
    }

    /**
     * The key of a text that has literals, described rather than built (for look-ups: {@link LiteralShape#keyHash} and
     * {@link LiteralShape#matches} answer for the key without building it), or null when the text is its own key.
     */
    public LiteralShape shape(String sql) {
        LiteralShape shape = new LiteralShape(sql);
        return literals(sql, shape) && shape.hasLiterals() ? shape.finish() : null;
    }

    /**
     * Reports each literal of the text to {@code sink}, in order. Returns false, possibly after reporting some, when
     * the normalizer is unsure about the text (its key is then the text itself).
     */
    public boolean literals(String sql, Sink sink) {
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c <= LAST_MARKER || Character.isSurrogate(c)) {
                // Anywhere, even in a comment: in MySQL "--" followed by a control character opens a comment, "--"
                // followed by a number does not, so "1 --5 x" and "1 --" + INT.marker + " x" would share a key.
                // A NUL or a lone surrogate makes a text invalid: it must never share a key with a valid one.
                return false;
            }
        }
        int pos = 0;
        boolean inExecutableComment = false;
        while (pos < n) {
            char c = sql.charAt(pos);
            int next;
            if (LexicalRules.isNeutral(c)) {
                pos++;
            } else if (LexicalRules.isIdentStart(c) && !LexicalRules.isWhitespace(c)) {
                // Most of a text: a name or keyword. No branch below takes a character that starts one.
                int end = pos + 1;
                while (end < n && LexicalRules.isIdentPart(sql.charAt(end))) {
                    end++;
                }
                if (end - pos == 1 && end < n && sql.charAt(end) == '\'') {
                    pos = string(sql, pos, end, inExecutableComment, sink); // x'..', N'..', E'..'
                    if (pos < 0) {
                        return false;
                    }
                } else {
                    pos = end;
                }
            } else if (LexicalRules.isWhitespace(c)) {
                pos++;
            } else if (c == '/' && pos + 1 < n && sql.charAt(pos + 1) == '*') {
                int body = mysql && !inExecutableComment ? LexicalRules.executableCommentBody(sql, pos) : -1;
                if (body >= 0) {
                    inExecutableComment = true; // code, but kept as it is: never erase inside a comment
                    pos = body;
                } else if ((pos = LexicalRules.blockCommentEnd(sql, pos, !mysql)) < 0) {
                    return false;
                }
            } else if (inExecutableComment && c == '*' && pos + 1 < n && sql.charAt(pos + 1) == '/') {
                inExecutableComment = false;
                pos += 2;
            } else if ((next = LexicalRules.lineCommentBody(sql, pos, mysql)) >= 0) {
                pos = LexicalRules.lineEnd(sql, next);
            } else if (c == '\'') {
                if ((pos = string(sql, pos, pos, inExecutableComment, sink)) < 0) {
                    return false;
                }
            } else if (c == '"' || (c == '`' && mysql)) {
                if ((pos = LexicalRules.quotedEnd(sql, pos, c, mysql && c == '"')) < 0) {
                    return false;
                }
            } else if (c == '$' && !mysql && (next = LexicalRules.dollarTagEnd(sql, pos)) >= 0) {
                if ((pos = LexicalRules.dollarQuoteEnd(sql, pos, next)) < 0) {
                    return false;
                }
            } else if (c == '@' && mysql) {
                if ((pos = variableEnd(sql, pos)) < 0) {
                    return false;
                }
            } else if (c >= '0' && c <= '9'
                    || (c == '.' && pos + 1 < n && sql.charAt(pos + 1) >= '0' && sql.charAt(pos + 1) <= '9')) {
                pos = number(sql, pos, !inExecutableComment && !gluedBefore(sql, pos), sink);
            } else {
                pos++;
            }
        }
        return true;
    }

    /**
     * The single-quoted string at {@code quote}, prefixed by the one letter at {@code start} when start is before
     * quote. Returns its end, or -1 when unsure.
     */
    private int string(String sql, int start, int quote, boolean keep, Sink sink) {
        char prefix = start < quote ? sql.charAt(start) : 0;
        boolean escapeString = prefix == 'E' || prefix == 'e';
        int end = LexicalRules.quotedEnd(sql, quote, '\'', mysql || escapeString);
        if (end < 0) {
            return -1;
        }
        int backslash = sql.indexOf('\\', quote + 1);
        if (backslash >= 0 && backslash < end && (mysql || !escapeString)) {
            // PostgreSQL: a standard string's backslash is a plain character; MySQL: whether it escapes depends on
            // the NO_BACKSLASH_ESCAPES sql_mode. Either way the reading is the scanner's business, not a key's.
            return -1;
        }
        if (keep) {
            return end;
        }
        if (prefix == 'x' || prefix == 'X') {
            keep = !allOf(sql, quote + 1, end - 1, "0123456789abcdefABCDEF");
        } else if (prefix == 'b' || prefix == 'B') {
            keep = !allOf(sql, quote + 1, end - 1, "01");
        }
        if (!keep) {
            sink.literal(Literal.STRING, quote, end);
        }
        return end;
    }

    private static boolean allOf(String sql, int from, int to, String chars) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (chars.indexOf(sql.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** MySQL {@code @x}, {@code @@x}, {@code @@session.x}, {@code @'x'}, {@code @"x"}, {@code @`x`}: end, or -1. */
    private static int variableEnd(String sql, int pos) {
        int n = sql.length();
        int p = pos + 1;
        char q = p < n ? sql.charAt(p) : 0;
        if (q == '\'' || q == '"' || q == '`') {
            return LexicalRules.quotedEnd(sql, p, q, q != '`');
        }
        if (q == '@') {
            p++;
        }
        while (p < n && (LexicalRules.isIdentPart(sql.charAt(p)) || sql.charAt(p) == '.')) {
            p++;
        }
        return p;
    }

    /**
     * Whether the number at {@code pos} continues what precedes it: an identifier ({@code t1}, {@code $1}), a
     * qualifier ({@code t.5col}, {@code `t`.5}) or another number.
     */
    private static boolean gluedBefore(String sql, int pos) {
        if (pos == 0) {
            return false;
        }
        char before = sql.charAt(pos - 1);
        if (sql.charAt(pos) == '.') {
            return LexicalRules.isIdentPart(before) || before == '`' || before == '"' || before == ']'
                    || before == '.';
        }
        return LexicalRules.isIdentPart(before) || before == '.';
    }

    /**
     * The number at {@code start} (a digit, or a dot before a digit): reports it when {@code erasable} and it is a
     * complete literal not glued to what follows. Returns where scanning resumes: after the literal, or after
     * everything glued to it when it is kept.
     */
    private int number(String sql, int start, boolean erasable, Sink sink) {
        int n = sql.length();
        int p = start;
        Literal kind = null;
        char c1 = p + 1 < n ? sql.charAt(p + 1) : 0;
        if (mysql && sql.charAt(p) == '0' && (c1 == 'x' || c1 == 'b')) {
            String digits = c1 == 'x' ? "0123456789abcdefABCDEF" : "01";
            p += 2;
            while (p < n && digits.indexOf(sql.charAt(p)) >= 0) {
                p++;
            }
            kind = p > start + 2 ? (c1 == 'x' ? Literal.HEX : Literal.BIT) : null;
        } else {
            int digits = p;
            while (p < n && isDigit(sql.charAt(p))) {
                p++;
            }
            int integerEnd = p;
            boolean fraction = false;
            if (p + 1 < n && sql.charAt(p) == '.' && isDigit(sql.charAt(p + 1))) {
                fraction = true;
                p += 2;
                while (p < n && isDigit(sql.charAt(p))) {
                    p++;
                }
            }
            int exponentDigits = -1;
            if (p < n && (sql.charAt(p) == 'e' || sql.charAt(p) == 'E')) {
                int q = p + 1;
                if (q < n && (sql.charAt(q) == '+' || sql.charAt(q) == '-')) {
                    q++;
                }
                int from = q;
                while (q < n && isDigit(sql.charAt(q))) {
                    q++;
                }
                if (q > from) {
                    exponentDigits = q - from;
                    p = q;
                }
            }
            if (exponentDigits >= 0) {
                kind = exponentDigits <= 3 ? Literal.FLOAT : null;
            } else if (fraction) {
                kind = Literal.DECIMAL;
            } else {
                kind = integerKind(sql, digits, integerEnd);
            }
        }
        boolean gluedAfter = p < n && (LexicalRules.isIdentPart(sql.charAt(p)) || sql.charAt(p) == '.');
        if (kind != null && erasable && !gluedAfter) {
            sink.literal(kind, start, p);
            return p;
        }
        while (p < n && (LexicalRules.isIdentPart(sql.charAt(p)) || sql.charAt(p) == '.')) {
            p++;
        }
        return p;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static final String INT_MAX = "2147483647";
    private static final String LONG_MAX = "9223372036854775807";

    /** The kind of the integer [from, to), or null for 2^31 and 2^63, which fit only with a minus sign. */
    private static Literal integerKind(String sql, int from, int to) {
        int p = from;
        while (p < to - 1 && sql.charAt(p) == '0') {
            p++;
        }
        int length = to - p;
        if (length < INT_MAX.length()) {
            return Literal.INT;
        }
        if (length == INT_MAX.length()) {
            int cmp = compare(sql, p, INT_MAX);
            return cmp <= 0 ? Literal.INT : cmp == 1 ? null : Literal.LONG;
        }
        if (length < LONG_MAX.length()) {
            return Literal.LONG;
        }
        if (length == LONG_MAX.length()) {
            int cmp = compare(sql, p, LONG_MAX);
            return cmp <= 0 ? Literal.LONG : cmp == 1 ? null : Literal.BIG_INTEGER;
        }
        return Literal.BIG_INTEGER;
    }

    /**
     * Compares the digits at {@code from} (as many as {@code max} has) with {@code max}: negative or 0 when at most
     * max, 1 when exactly max + 1, 2 when greater.
     */
    private static int compare(String sql, int from, String max) {
        int cmp = 0;
        for (int i = 0; i < max.length() && cmp == 0; i++) {
            cmp = Integer.compare(sql.charAt(from + i), max.charAt(i));
        }
        if (cmp <= 0) {
            return cmp;
        }
        // greater: exactly max + 1 only when the last digit is one more and every other digit is equal
        int last = max.length() - 1;
        boolean prefixEqual = sql.regionMatches(from, max, 0, last);
        return prefixEqual && sql.charAt(from + last) == max.charAt(last) + 1 ? 1 : 2;
    }
}
