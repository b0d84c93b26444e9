package io.rwsplit.routing.internal;

/** One lexical token of a SQL text, as {@link SqlScanner} sees it. */
final class SqlToken {

    enum Type {
        /** Unquoted identifier or keyword; {@link #text} is upper-case. */
        WORD,
        /** Quoted identifier ({@code "x"} in PostgreSQL, {@code `x`} in MySQL); {@link #text} is the unquoted name. */
        QUOTED_IDENT,
        STRING,
        NUMBER,
        /** MySQL user variable {@code @x}; {@link #text} is the name. */
        USER_VAR,
        /** MySQL system variable {@code @@x}, {@code @@session.x}; {@link #text} is upper-case, without {@code @@}. */
        SYSTEM_VAR,
        /** Any other symbol; {@link #text} is the symbol ({@code (}, {@code :=}, {@code ,} ...). */
        PUNCT,
        SEMICOLON
    }

    final Type type;
    final String text;
    /** Offsets in the SQL text, end exclusive. */
    final int start;
    final int end;
    /** Parenthesis depth the token is at. */
    final int depth;

    SqlToken(Type type, String text, int start, int end, int depth) {
        this.type = type;
        this.text = text;
        this.start = start;
        this.end = end;
        this.depth = depth;
    }

    boolean isWord(String upper) {
        return type == Type.WORD && text.equals(upper);
    }

    boolean isPunct(String symbol) {
        return type == Type.PUNCT && text.equals(symbol);
    }

    @Override
    public String toString() {
        return type + ":" + text;
    }
}
