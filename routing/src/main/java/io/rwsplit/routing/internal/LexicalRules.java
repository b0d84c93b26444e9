package io.rwsplit.routing.internal;

/**
 * The quoting, comment and character rules of MySQL/MariaDB and PostgreSQL that {@link SqlScanner} and
 * {@link LiteralNormalizer} share, so that both read a text the same way (see {@link SqlScanner} for the rules and
 * why each reads the way the servers do). Offsets are into the text; -1 means "not found" or "unterminated".
 */
final class LexicalRules {

    private LexicalRules() {
    }


    private static final byte IDENT_START = 1;
    private static final byte IDENT_PART = 2;
    private static final byte WHITESPACE = 4;
    private static final byte NEUTRAL = 8;
    /** Whitespace, and the other ASCII control characters: no server reads them as part of a token. */
    private static final byte SEPARATOR = 16;
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
                    | (c == ' ' || c >= '\t' && c <= '\r' ? WHITESPACE | NEUTRAL : 0)
                    | (c < ' ' || c == 0x7f ? SEPARATOR : 0)
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

    /**
     * What both servers call whitespace: space, tab, line feed, vertical tab, form feed, carriage return. Nothing from
     * 0x80 on (no-break and other Unicode spaces are name characters to MySQL and PostgreSQL).
     */
    static boolean isWhitespace(char c) {
        return c < 0x80 && (ASCII[c] & WHITESPACE) != 0;
    }

    /** Whitespace or another ASCII control character (DEL included): between tokens, never in one. */
    static boolean isSeparator(char c) {
        return c < 0x80 && (ASCII[c] & (WHITESPACE | SEPARATOR)) != 0;
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
        while (p < n && sql.charAt(p) >= '0' && sql.charAt(p) <= '9') {
            p++;
        }
        return p;
    }

    /**
     * Where the body of a line comment opening at {@code pos} begins, or -1 when none opens there: {@code --}
     * (in MySQL only when followed by an ASCII space or control character, DEL, or the end of the text) and MySQL
     * {@code #}.
     */
    static int lineCommentBody(String sql, int pos, boolean mysql) {
        int n = sql.length();
        char c = sql.charAt(pos);
        if (c == '-' && pos + 1 < n && sql.charAt(pos + 1) == '-') {
            if (!mysql || pos + 2 >= n || sql.charAt(pos + 2) <= ' ' || sql.charAt(pos + 2) == 0x7f) {
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
        while (p < n && (isIdentStart(sql.charAt(p)) || (p > start + 1 && sql.charAt(p) >= '0' && sql.charAt(p) <= '9'))) {
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
