package io.rwsplit.routing;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The classifier reads comments, quotes and escapes as each server does, and where servers or versions differ it
 * takes the reading that sees the most code, or gives up (the primary). Each case here is one the server reads
 * differently from a naive lexer; several were found sending a locking read to a replica.
 */
class StatementClassifierServerReadingTest {

    private final StatementClassifier mysql = new StatementClassifier(Dialect.MYSQL, List.of("inventory"), 1000);
    private final StatementClassifier pg = new StatementClassifier(Dialect.POSTGRESQL, List.of("inventory"), 1000);

    private static void notRead(StatementClassifier c, String sql) {
        Classification got = c.classify(sql);
        assertNotEquals(Reason.READ, got.kind(), () -> sql + " -> " + got);
    }

    private static void read(StatementClassifier c, String sql) {
        Classification got = c.classify(sql);
        assertEquals(Reason.READ, got.kind(), () -> sql + " -> " + got);
    }

    @Test
    void anExecutableCommentsLineCommentNeverHidesTheTextAfterIt() {
        // A MariaDB server older than 99.99.99 skips the comment and runs LOCK IN SHARE MODE.
        notRead(mysql, "SELECT * FROM t WHERE id = 1 /*M!999999 -- x */ LOCK IN SHARE MODE");
        notRead(mysql, "SELECT /*M!999999 -- x */ RELEASE_ALL_LOCKS()");
        notRead(mysql, "SELECT * FROM t WHERE id = 1 /*M!999999 -- x */ FOR UPDATE");
        notRead(mysql, "SELECT * FROM t WHERE id = 1 /*!99999 # x */ FOR UPDATE");
        notRead(mysql, "SELECT * FROM t WHERE id = 1 /*!50700 'x */ FOR UPDATE");
        notRead(mysql, "SELECT * FROM t WHERE id = 1 /*M! `x */ FOR UPDATE");
        notRead(mysql, "SELECT * FROM t WHERE id = 1 /*!99999 /* x */ FOR UPDATE");
    }

    @Test
    void anExecutableCommentsContentIsCodeWhateverItsVersion() {
        notRead(mysql, "SELECT * FROM t WHERE id = 1 /*!50000 FOR UPDATE */");
        notRead(mysql, "SELECT * FROM t WHERE id = 1 /*M!100500 FOR UPDATE */");
        notRead(mysql, "SELECT * FROM t WHERE id = 1 /*M!999999 LOCK IN SHARE MODE */");
        notRead(mysql, "SELECT /*!99999 GET_LOCK('a', 1), */ 1");
        read(mysql, "SELECT /*! SQL_NO_CACHE */ * FROM t");
        read(mysql, "SELECT * FROM t /*! -- x\n */ WHERE id = 1");
        // a comment some server skips makes two statements of the text: GET_LOCK('x', 0) to a server that skips it
        assertEquals(Reason.UNKNOWN_SQL, mysql.classify("SELECT /*!GET_LOCK */ /*M!999999 c */ ('x', 0)").kind());
        assertEquals(Reason.UNKNOWN_SQL, mysql.classify("SELECT /*!40001 SQL_NO_CACHE */ * FROM t").kind());
        assertEquals(Reason.UNKNOWN_SQL, mysql.classify("SELECT 1 /*!50000 FOR UPDATE").kind());
    }

    @Test
    void mysqlDoubleDashIsACommentOnlyBeforeAnAsciiSpaceOrControlCharacter() {
        notRead(mysql, "SELECT 1--1 FROM t FOR UPDATE");
        // U+2003 is a name character to the server: "--" before it is two minus signs, and FOR UPDATE is code
        notRead(mysql, "SELECT * FROM t WHERE a = 1 --\u2003x FOR UPDATE");
        notRead(mysql, "SELECT * FROM t WHERE a = 1 --\u00a0x FOR UPDATE");
        read(mysql, "SELECT * FROM t WHERE a = 1 --\tx FOR UPDATE");
        read(mysql, "SELECT * FROM t WHERE a = 1 --\u007fx FOR UPDATE");
        read(mysql, "SELECT * FROM t WHERE a = 1 # x FOR UPDATE");
        read(mysql, "SELECT * FROM t WHERE a = 1 --");
    }

    @Test
    void postgresqlHasNoHashCommentsAndAnyDoubleDashIsOne() {
        notRead(pg, "SELECT a # b FROM t FOR UPDATE");
        read(pg, "SELECT 1 --x FOR UPDATE");
    }

    @Test
    void postgresqlCommentsNest() {
        read(pg, "SELECT * FROM t /* a /* b */ FOR UPDATE */");
        notRead(pg, "SELECT * FROM t /* a /* b */ */ FOR UPDATE");
        assertEquals(Reason.UNKNOWN_SQL, pg.classify("SELECT * FROM t /* a /* b */ FOR UPDATE").kind());
        // MySQL comments do not nest: the first */ ends it
        notRead(mysql, "SELECT * FROM t /* a /* b */ FOR UPDATE");
    }

    @Test
    void postgresqlStandardStringsTakeBackslashesLiterally() {
        notRead(pg, "SELECT * FROM t WHERE a = '\\' FOR UPDATE --'");
        read(pg, "SELECT * FROM t WHERE a = E'\\' FOR UPDATE --'");
        read(pg, "SELECT $$ FOR UPDATE $$ FROM t");
        read(pg, "SELECT $tag$ it's ; FOR UPDATE $tag$ FROM t");
        notRead(pg, "SELECT $a$ x $a$ FROM t FOR UPDATE");
    }

    @Test
    void hibernatesLikeEscapeIsAReadOnPostgresql() {
        read(pg, "select count(o1_0.id) from owners o1_0 where o1_0.last_name like ? escape '\\'");
        read(pg, "select p1_0.id,p1_0.name from product p1_0 where upper(p1_0.name) like upper(?) escape '\\'"
                + " order by p1_0.id offset ? rows fetch first ? rows only");
        read(mysql, "select count(o1_0.id) from owners o1_0 where o1_0.last_name like ? escape '\\\\'");
    }

    @Test
    void aMysqlStringWhoseEndDependsOnTheSqlModeGoesToThePrimary() {
        // under NO_BACKSLASH_ESCAPES the string ends at the backslash and FOR UPDATE is code
        assertEquals(Reason.UNKNOWN_SQL, mysql.classify("SELECT * FROM t WHERE a = 'x\\' FOR UPDATE -- '").kind());
        assertEquals(Reason.UNKNOWN_SQL, mysql.classify("SELECT * FROM t WHERE a = \"x\\\" FOR UPDATE -- \"").kind());
        read(mysql, "SELECT * FROM t WHERE a = 'C:\\\\temp'");
        read(mysql, "SELECT * FROM t WHERE a = 'it''s'");
    }

    @Test
    void textsNoServerCanRunAreRefusedWithAReason() {
        for (StatementClassifier c : List.of(mysql, pg)) {
            Classification nul = c.classify("SELECT * FROM t WHERE a = 'x\u0000y'");
            assertNotNull(nul.invalidText());
            assertTrue(nul.invalidText().contains("NUL"), nul.invalidText());
            assertEquals(Reason.UNKNOWN_SQL, nul.kind());
            assertNotNull(c.classify("SELECT '\ud800'").invalidText());
            assertNotNull(c.classify("SELECT '\udc00x'").invalidText());
            assertNotNull(c.classify("SELECT 'x\ud83d'").invalidText());
            assertNull(c.classify("SELECT '\ud83d\ude00'").invalidText());
            assertEquals(Reason.READ, c.classify("SELECT '\ud83d\ude00'").kind());
            assertNull(c.classify("SELECT 'x'").invalidText());
        }
    }

    @Test
    void aNulNeverSharesTheCachedVerdictOfALiteralVariant() {
        read(pg, "SELECT * FROM t WHERE a = 'xy'");
        assertNotNull(pg.classify("SELECT * FROM t WHERE a = 'x\u0000y'").invalidText());
        read(mysql, "SELECT * FROM t WHERE a = 'xy'");
        assertNotNull(mysql.classify("SELECT * FROM t WHERE a = 'x\ud800'").invalidText());
    }

    @Test
    void extremeInputsClassifyWithoutParsingEverything() {
        for (StatementClassifier c : List.of(mysql, pg)) {
            assertEquals(Reason.UNKNOWN_SQL, c.classify("").kind());
            assertEquals(Reason.UNKNOWN_SQL, c.classify("SELECT 1 /* not closed").kind());
            assertEquals(Reason.UNKNOWN_SQL, c.classify("SELECT 'not closed").kind());
            String big = "SELECT * FROM t WHERE id IN (" + "1,".repeat(500_000) + "1)";
            assertEquals(Reason.UNKNOWN_SQL, c.classify(big).kind());
            read(c, "SELECT " + "(".repeat(500) + "1" + ")".repeat(500));
            notRead(c, "SELECT " + "(".repeat(500) + "1" + ")".repeat(500) + " FROM t FOR UPDATE");
            String manyTokens = "SELECT * FROM t WHERE id IN (" + "1,".repeat(10_000) + "1)";
            read(c, manyTokens);
            notRead(c, manyTokens + " FOR UPDATE");
            assertTrue(c.classify("SELECT * FROM inventory WHERE id IN (" + "1,".repeat(10_000) + "1)")
                    .touchesCriticalTable());
        }
    }

    @Test
    void theParserMustAgreeWithTheServerOnWhatStatementItIs() {
        // a text the parser reads as a SELECT must start like one to the server too
        read(pg, "(SELECT 1) UNION (SELECT 2)");
        read(mysql, "TABLE t");
        read(pg, "VALUES (1), (2)");
    }
}
