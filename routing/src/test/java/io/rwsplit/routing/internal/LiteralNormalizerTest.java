package io.rwsplit.routing.internal;

import io.rwsplit.routing.Dialect;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LiteralNormalizerTest {

    private static final LiteralNormalizer MYSQL = new LiteralNormalizer(Dialect.MYSQL);
    private static final LiteralNormalizer POSTGRESQL = new LiteralNormalizer(Dialect.POSTGRESQL);

    /** The key with each marker shown as {KIND}. */
    static String shown(String key) {
        StringBuilder b = new StringBuilder();
        for (char c : key.toCharArray()) {
            LiteralNormalizer.Literal kind = null;
            for (LiteralNormalizer.Literal k : LiteralNormalizer.Literal.values()) {
                if (k.marker == c) {
                    kind = k;
                }
            }
            b.append(kind == null ? String.valueOf(c) : "{" + kind + "}");
        }
        return b.toString();
    }

    private static String my(String sql) {
        return shown(MYSQL.key(sql));
    }

    private static String pg(String sql) {
        return shown(POSTGRESQL.key(sql));
    }

    private static void bothDialects(String expected, String sql) {
        assertEquals(expected, my(sql), "MySQL");
        assertEquals(expected, pg(sql), "PostgreSQL");
    }

    private static void unchanged(LiteralNormalizer normalizer, String sql) {
        assertSame(sql, normalizer.key(sql), () -> "key of " + sql + " was " + shown(normalizer.key(sql)));
    }

    // ---- numbers

    @Test
    void integersAreErasedByRange() {
        bothDialects("select {INT}, {INT}, {INT}, {INT}, {LONG}, {LONG}, {BIG_INTEGER}, {BIG_INTEGER} from t",
                "select 0, 7, 2147483647, 0002147483647, 2147483649, 9223372036854775807, 9223372036854775809, "
                        + "123456789012345678901234 from t");
    }

    @Test
    void integersThatFitOnlyWithAMinusSignAreKept() {
        unchanged(MYSQL, "select * from t limit 2147483648");
        unchanged(POSTGRESQL, "select * from t order by -2147483648");
        unchanged(POSTGRESQL, "select * from t limit -9223372036854775808");
        assertEquals("select 9223372036854775808, {INT}", pg("select 9223372036854775808, 1"));
    }

    @Test
    void decimalsAndFloatsAreErased() {
        bothDialects("select {DECIMAL}, {DECIMAL}, {DECIMAL}, {FLOAT}, {FLOAT}, {FLOAT}, {FLOAT}, {FLOAT} from t",
                "select 1.5, .5, 0.25, 1e5, 1.5e-3, 2E+10, .5e3, 1e308 from t");
    }

    @Test
    void exponentsOfMoreThanThreeDigitsAreKeptWhole() {
        bothDialects("select 1e1000, 1.5e-1000, {INT}", "select 1e1000, 1.5e-1000, 1");
    }

    @Test
    void incompleteNumbersAreKept() {
        for (LiteralNormalizer n : new LiteralNormalizer[] {MYSQL, POSTGRESQL}) {
            unchanged(n, "select 1. from t");
            unchanged(n, "select 1.e5 from t");
            unchanged(n, "select 1e from t");
            unchanged(n, "select 1e+ from t");
            unchanged(n, "select 1.5.3 from t");
        }
    }

    @Test
    void signsAndOperatorsStay() {
        bothDialects("select * from item where id = {INT} and qty > -{INT}",
                "select * from item where id = 42 and qty > -17");
        assertEquals("select {INT}--{INT}", my("select 1--1"));
        assertEquals("select {INT}-- 1", my("select 1-- 1"));
        assertEquals("select {INT}--1", pg("select 1--1"));
        assertEquals("select {INT} # {INT}", pg("select 1 # 2"));
        assertEquals("select {INT} # 2", my("select 1 # 2"));
    }

    @Test
    void mysqlHexAndBitNumbersAreErased() {
        assertEquals("select {HEX}, {BIT}, {HEX} from t", my("select 0x1F, 0b101, 0xdeadBEEF from t"));
        unchanged(MYSQL, "select 0X1F, 0B101, 0x, 0b, 0x1G, 0b12 from t");
        unchanged(POSTGRESQL, "select 0x1F, 0b101, 0o17, 1_000 from t");
    }

    // ---- identifiers and parameters

    @Test
    void digitsOfIdentifiersAreKept() {
        for (LiteralNormalizer n : new LiteralNormalizer[] {MYSQL, POSTGRESQL}) {
            unchanged(n, "select t1.col_2, a$1, _9, x1e5, t.5col, t.5, t.1e5, \"t\".5, 1e5x, 1table from t1 where ?");
        }
        unchanged(MYSQL, "select `t`.5, $1 from t");
        assertEquals("select t.c from t where a = {DECIMAL}", my("select t.c from t where a = .5"));
    }

    @Test
    void postgresqlParametersAreKept() {
        unchanged(POSTGRESQL, "select * from t where a = $1 and b = $12");
        assertEquals("select * from t where a = $1 and b = {INT}", pg("select * from t where a = $1 and b = 3"));
    }

    @Test
    void mysqlVariablesAreKept() {
        assertEquals("set @x1 = {INT}, @'a b' = {INT}, @\"c\" = {STRING}, @`d` = {INT}, @@session.sql_mode = {STRING}, "
                        + "@1 = {INT}, @@x.1 = {INT}",
                my("set @x1 = 1, @'a b' = 2, @\"c\" = 'x', @`d` = 3, @@session.sql_mode = 'ANSI', @1 = 4, @@x.1 = 5"));
    }

    // ---- strings

    @Test
    void singleQuotedStringsAreErasedWithTheirDoubledQuotes() {
        bothDialects("select {STRING}, {STRING}, {STRING} from t where a = {STRING}",
                "select 'abc', 'it''s', '' from t where a = 'x;y -- /* */ \"z\" $$ 1'");
    }

    @Test
    void mysqlStringsWithABackslashAreTheirOwnKey() {
        // whether a backslash escapes depends on the NO_BACKSLASH_ESCAPES sql_mode: the scanner decides such texts
        assertEquals("select 'a\\'b', 'c\\\\', 'd' from t", my("select 'a\\'b', 'c\\\\', 'd' from t"));
        assertEquals("select 'a\\'''', 1", my("select 'a\\'''', 1"));
        assertEquals("select {STRING}, {INT}", my("select 'a''', 1"));
    }

    @Test
    void postgresqlEscapeStringsHaveBackslashEscapes() {
        assertEquals("select E{STRING}, e{STRING}, {STRING} from t", pg("select E'a\\'b', e'\\\\', 'c' from t"));
    }

    @Test
    void postgresqlStandardStringsWithABackslashMakeTheTextItsOwnKey() {
        // PostgreSQL ends 'a\' at its second quote; ShardingSphere's lexer reads \' as an escape.
        unchanged(POSTGRESQL, "select 'a\\', ' for update --' from t");
        unchanged(POSTGRESQL, "select U&'d\\0061t', 1 from t");
        unchanged(POSTGRESQL, "select N'\\', 1 from t");
    }

    @Test
    void stringPrefixesStayInTheKey() {
        assertEquals("select x{STRING}, X{STRING}, b{STRING}, N{STRING}, n{STRING}, _utf8mb4{STRING}, _binary {STRING}",
                my("select x'1F', X'ab', b'101', N'x', n'it''s', _utf8mb4'x', _binary 'y'"));
        assertEquals("select B{STRING}, X{STRING}, N{STRING}, U&{STRING}, E{STRING}",
                pg("select B'0101', X'1F', N'x', U&'d', E'\\n'"));
    }

    @Test
    void hexAndBitStringsWithOtherContentAreKept() {
        unchanged(MYSQL, "select x'zz', x'', b'12', B'' from t");
        unchanged(POSTGRESQL, "select X'zz', B'2' from t");
    }

    // ---- never erased

    @Test
    void doubleQuotedTextIsKept() {
        unchanged(MYSQL, "select \"abc\", \"1\", \"a\\\"b\" from \"inventory\"");
        assertEquals("select * from \"t1\" where \"x\" = {INT} and \"'\" = {STRING}",
                pg("select * from \"t1\" where \"x\" = 1 and \"'\" = 'y'"));
    }

    @Test
    void backtickedNamesAreKept() {
        assertEquals("select `1`, `a'b`, `c\\` from `t` where a = {INT}",
                my("select `1`, `a'b`, `c\\` from `t` where a = 1"));
    }

    @Test
    void dollarQuotedBodiesAreKept() {
        assertEquals("select $$ 'x' 1 $$, $tag$ 2 $ $$ $tag$, {INT}", pg("select $$ 'x' 1 $$, $tag$ 2 $ $$ $tag$, 3"));
    }

    @Test
    void commentsAndHintsAreKept() {
        bothDialects("/* 1 'x' */ select {INT} -- 2 'y'\nfrom t", "/* 1 'x' */ select 1 -- 2 'y'\nfrom t");
        bothDialects("/*rwsplit:max-lag=200ms*/ select {INT} /* rwsplit:replica */",
                "/*rwsplit:max-lag=200ms*/ select 5 /* rwsplit:replica */");
        assertEquals("select {INT} # 2 'y'\n, {INT}", my("select 1 # 2 'y'\n, 3"));
        assertEquals("/* ' */ select {STRING}", my("/* ' */ select 'x'"));
        assertEquals("/* a /* 'b' */ 1 */ select {INT}", pg("/* a /* 'b' */ 1 */ select 2"));
    }

    @Test
    void mysqlExecutableCommentsAreKeptWhole() {
        assertEquals("select * from t where id = {INT} /*!50000 and a = 2 for update */ and b = {STRING}",
                my("select * from t where id = 1 /*!50000 and a = 2 for update */ and b = 'x'"));
        assertEquals("select {INT} /*M!100100 , 'x', 3 */", my("select 1 /*M!100100 , 'x', 3 */"));
        assertEquals("select {INT} /*! , '*/' */, {INT}", my("select 1 /*! , '*/' */, 2"));
    }

    // ---- unsure: the text is its own key

    @Test
    void unterminatedQuotesAndCommentsMakeTheTextItsOwnKey() {
        for (LiteralNormalizer n : new LiteralNormalizer[] {MYSQL, POSTGRESQL}) {
            unchanged(n, "select 1, 'abc");
            unchanged(n, "select 1, \"abc");
            unchanged(n, "select 1 /* abc");
            unchanged(n, "select 1, x'1F");
        }
        unchanged(MYSQL, "select 1, `abc");
        unchanged(MYSQL, "select 1, @'abc");
        unchanged(MYSQL, "select 1, 'abc\\'");
        unchanged(POSTGRESQL, "select 1, $$ abc");
        unchanged(POSTGRESQL, "select 1, $a$ abc $b$");
    }

    @Test
    void aMarkerAnywhereMakesTheTextItsOwnKey() {
        for (LiteralNormalizer.Literal kind : LiteralNormalizer.Literal.values()) {
            for (LiteralNormalizer n : new LiteralNormalizer[] {MYSQL, POSTGRESQL}) {
                unchanged(n, "select " + kind.marker + ", 1");
                unchanged(n, "select '" + kind.marker + "', 1");
                unchanged(n, "/* " + kind.marker + " */ select 1");
                unchanged(n, "select \"" + kind.marker + "\", 1");
            }
        }
        // "--" then a control character is a MySQL comment; "--" then a number is two minus signs
        unchanged(MYSQL, "select 1 --\u0001, b from t");
        assertEquals("select {INT} --{INT}, b from t", my("select 1 --5, b from t"));
    }

    @Test
    void aTextWithoutLiteralsIsItsOwnKey() {
        for (LiteralNormalizer n : new LiteralNormalizer[] {MYSQL, POSTGRESQL}) {
            unchanged(n, "SELECT id, name FROM item WHERE id = ?");
            unchanged(n, "");
            unchanged(n, "commit");
        }
    }

    @Test
    void keysDifferWhenAnythingButALiteralValueDiffers() {
        assertNotEquals(POSTGRESQL.key("select * from \"inventory\" where id = 1"),
                POSTGRESQL.key("select * from \"other\" where id = 1"));
        assertNotEquals(MYSQL.key("select * from `inventory` where id = 1"),
                MYSQL.key("select * from `other` where id = 1"));
        assertNotEquals(MYSQL.key("/*rwsplit:primary*/ select 1"), MYSQL.key("/*rwsplit:replica*/ select 1"));
        assertNotEquals(MYSQL.key("select 1"), MYSQL.key("select '1'"));
        assertNotEquals(MYSQL.key("select 1"), MYSQL.key("select 1.0"));
        assertNotEquals(MYSQL.key("select x'1F'"), MYSQL.key("select N'1F'"));
        assertEquals(MYSQL.key("select 1, 'a'"), MYSQL.key("select 22, 'bb'"));
    }

    // ---- look-ups by shape: the key described, not built

    @Test
    void aShapeHashesAndMatchesExactlyLikeItsBuiltKey() {
        String[] texts = {
            "select 1, 'a'", "select 22, 'bb'", "select 1, 2", "select 1.5, 'a'", "select 1, x'1F'",
            "select 1, N'1F'", "select 1, 'a' ", "selecT 1, 'a'", "1", "'x'", "42 ", " 42",
            "insert into t values (1, 2, 3, 4, 5, 'a', 'b', 1.5, 1e5, 6)",
            "insert into t values (9, 8, 7, 6, 5, 'z', 'y', 2.5, 3e5, 0)",
            "insert into t values (9, 8, 7, 6, 5, 'z', 'y', 2.5, 3e5, 0, 1)",
            "SELECT id, name FROM item WHERE id = ?", "select * from \"t1\" where a = 1",
            "select * from \"t2\" where a = 1", "select 'caf\u00e9', 1", "select 'cafe', 1",
        };
        for (LiteralNormalizer n : new LiteralNormalizer[] {MYSQL, POSTGRESQL}) {
            for (String a : texts) {
                LiteralShape shape = n.shape(a);
                String key = n.key(a);
                if (key == a) {
                    assertNull(shape, a);
                    continue;
                }
                assertEquals(key, shape.key(), a);
                assertEquals(LiteralShape.keyHash(key), shape.keyHash(), a);
                for (String b : texts) {
                    String other = n.key(b);
                    assertEquals(key.equals(other), shape.matches(other), () -> a + " against the key of " + b);
                }
                assertEquals(false, shape.matches(key + " "), a);
                assertEquals(false, shape.matches(key.substring(1)), a);
            }
        }
    }

    @Test
    void theKeyHashIsAsGoodAsStringHashCode() {
        // Without markers a key hashes like the String; characters swapped within the text change the hash.
        for (String s : new String[] {"", "a", "abc", "abcd", "abcde", "insert into ttt(c1,c2) values (?,?)",
                "select caf\u00e9, \ud83d\ude00 from t where x = ?"}) {
            assertEquals(s.hashCode(), LiteralShape.keyHash(s), s);
        }
        LiteralShape a = MYSQL.shape("insert into ttt(c1,c2) values (1,2)");
        LiteralShape b = MYSQL.shape("insert into ttt(c2,c1) values (1,2)");
        assertNotEquals(a.keyHash(), b.keyHash());
        assertThrows(IllegalStateException.class, () -> a.literal(LiteralNormalizer.Literal.INT, 0, 1),
                "a shape is complete once made");
    }
}
