package io.rwsplit.routing;

import io.rwsplit.routing.SessionSet.Entry;
import io.rwsplit.routing.SessionSet.Op;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which session statements are replayed instead of pinning, and what is replayed: the strict grammar. */
class SessionSetTest {
    private static final StatementClassifier MYSQL = new StatementClassifier(Dialect.MYSQL, 100);
    private static final StatementClassifier POSTGRES = new StatementClassifier(Dialect.POSTGRESQL, 100);

    private static void replayed(StatementClassifier c, String sql, Entry... expected) {
        Classification k = c.classify(sql);
        assertTrue(k.replayable(), sql + ": " + k);
        assertFalse(k.pinsSession(), sql);
        assertEquals(Reason.SESSION_STATE, k.kind(), sql);
        assertEquals(List.of(expected), c.sessionSet(sql).entries(), sql);
        assertTrue(k.pinningInstead().pinsSession(), sql);
    }

    private static void pins(StatementClassifier c, String sql) {
        Classification k = c.classify(sql);
        assertFalse(k.replayable(), sql + ": " + k);
        assertNull(c.sessionSet(sql), sql);
    }

    private static Entry set(String key, String text) {
        return new Entry(key, Op.SET, text);
    }

    @Test
    void mysqlSetsOfConstantsAreReplayedOneEntryPerVariable() {
        replayed(MYSQL, "SET time_zone = '+00:00'", set("time_zone", "time_zone = '+00:00'"));
        replayed(MYSQL, "set SESSION sql_mode = 'ANSI_QUOTES'", set("sql_mode", "SESSION sql_mode = 'ANSI_QUOTES'"));
        replayed(MYSQL, "SET @@session.max_statement_time = 5, @@wait_timeout := 100",
                set("max_statement_time", "@@session.max_statement_time = 5"),
                set("wait_timeout", "@@wait_timeout := 100"));
        replayed(MYSQL, "SET @Cart = 42, @n = -1.5, @s = 'x', @z = NULL", set("@cart", "@Cart = 42"),
                set("@n", "@n = -1.5"), set("@s", "@s = 'x'"), set("@z", "@z = NULL"));
        replayed(MYSQL, "SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci",
                set("names", "NAMES utf8mb4 COLLATE utf8mb4_unicode_ci"));
        replayed(MYSQL, "SET CHARACTER SET latin1", set("charset", "CHARACTER SET latin1"));
        replayed(MYSQL, "SET foreign_key_checks = OFF, sql_select_limit = DEFAULT;",
                set("foreign_key_checks", "foreign_key_checks = OFF"),
                set("sql_select_limit", "sql_select_limit = DEFAULT"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SET @x = @y", "SET @x = (SELECT 1)", "SET @x = NOW()", "SET @x = CURRENT_TIMESTAMP", "SET @x = 1 + 1",
        "SET time_zone = @@global.time_zone", "SET @x = ?", "SET foreign_key_checks=?, sql_safe_updates=?",
        "SET autocommit = 0", "SET @@session.autocommit = 0", "SET transaction_isolation = 'SERIALIZABLE'",
        "SET sql_log_bin = 0", "SET timestamp = 1", "SET insert_id = 5", "SET gtid_domain_id = 2",
        "SET GLOBAL wait_timeout = 5, wait_timeout = 5", "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED",
        "SET TRANSACTION READ ONLY", "SET @x = \"a\"", "SET @x = _utf8mb4'a'", "SET @x = 1; SELECT 1",
        "SET /* c */ @x = 1", "SET PASSWORD = 'x'", "SET ROLE r", "SET STATEMENT max_statement_time=1 FOR SELECT 1",
        "SET @x := 1 := 2", "SET @x = 1,", "SET sql_mode = 'a' 'b'", "SET @x = -'a'", "SET @@global.x = 1"})
    void mysqlAnythingElsePins(String sql) {
        pins(MYSQL, sql);
    }

    @Test
    void postgresSessionSetsOfConstantsAreReplayed() {
        replayed(POSTGRES, "SET search_path TO shop, public", set("search_path", "SET search_path TO shop, public"));
        replayed(POSTGRES, "SET SESSION statement_timeout = 1000",
                set("statement_timeout", "SET SESSION statement_timeout = 1000"));
        replayed(POSTGRES, "set time zone 'Europe/Paris'", set("timezone", "set time zone 'Europe/Paris'"));
        replayed(POSTGRES, "SET application_name = 'shop'", set("application_name", "SET application_name = 'shop'"));
        replayed(POSTGRES, "SET myapp.tenant TO '7'", set("myapp.tenant", "SET myapp.tenant TO '7'"));
        replayed(POSTGRES, "SET search_path = \"$user\", public",
                set("search_path", "SET search_path = \"$user\", public"));
        replayed(POSTGRES, "SELECT set_config('Search_Path', 'shop', false)",
                set("search_path", "SELECT set_config('Search_Path', 'shop', false)"));
        replayed(POSTGRES, "RESET statement_timeout", new Entry("statement_timeout", Op.RESET,
                "RESET statement_timeout"));
        replayed(POSTGRES, "SET statement_timeout TO DEFAULT", new Entry("statement_timeout", Op.RESET,
                "SET statement_timeout TO DEFAULT"));
        replayed(POSTGRES, "SET TIME ZONE LOCAL", new Entry("timezone", Op.RESET, "SET TIME ZONE LOCAL"));
        replayed(POSTGRES, "RESET ALL", new Entry(null, Op.RESET_ALL, "RESET ALL"));
        replayed(POSTGRES, "DISCARD ALL", new Entry(null, Op.RESET_ALL, "DISCARD ALL"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SET search_path TO $1", "SET x = now()", "SET TIME ZONE INTERVAL '+00:00' HOUR TO MINUTE",
        "SET client_encoding = 'LATIN1'", "SET NAMES 'LATIN1'", "SET ROLE app", "SET SESSION AUTHORIZATION app",
        "SET default_transaction_isolation = 'serializable'", "SET transaction_read_only = on",
        "SET standard_conforming_strings = off", "RESET ROLE", "SELECT set_config('search_path', 'x', true)",
        "SELECT set_config('search_path', current_setting('search_path'), false)",
        "SELECT set_config('search_path', 'x', false), 1",
        "SET search_path TO shop; SELECT 1", "SET /* c */ search_path TO shop", "DISCARD PLANS"})
    void postgresAnythingElsePins(String sql) {
        pins(POSTGRES, sql);
    }

    @Test
    void setLocalAndSetTransactionStayWithTheTransaction() {
        for (String sql : List.of("SET LOCAL statement_timeout = 1", "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")) {
            Classification k = POSTGRES.classify(sql);
            assertFalse(k.replayable(), sql);
            assertFalse(k.pinsSession(), sql);
            assertEquals(Reason.TRANSACTION_CONTROL, k.kind(), sql);
        }
    }

    @Test
    void textsDifferingInLiteralsShareTheClassificationButNotTheEntries() {
        replayed(POSTGRES, "SELECT set_config('search_path', 'a', false)",
                set("search_path", "SELECT set_config('search_path', 'a', false)"));
        // Same shape, answered from the cache as replayable; the text itself says it pins.
        Classification k = POSTGRES.classify("SELECT set_config('role', 'a', false)");
        assertTrue(k.replayable());
        assertNull(POSTGRES.sessionSet("SELECT set_config('role', 'a', false)"));
    }
}
