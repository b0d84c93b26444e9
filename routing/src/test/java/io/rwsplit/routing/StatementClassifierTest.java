package io.rwsplit.routing;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatementClassifierTest {

    @Test
    void nullAndEmptyAreUnknownAndCounted() {
        StatementClassifier c = new StatementClassifier(Dialect.MYSQL, 100);
        assertEquals(Reason.UNKNOWN_SQL, c.classify(null).kind());
        assertEquals(Reason.UNKNOWN_SQL, c.classify("").kind());
        assertEquals(Reason.UNKNOWN_SQL, c.classify("   ").kind());
        assertEquals(3, c.unknownCount());
    }

    @Test
    void garbageIsUnknownAndCountedOnEveryCallIncludingCacheHits() {
        StatementClassifier c = new StatementClassifier(Dialect.POSTGRESQL, 100);
        Classification first = c.classify("this is not sql at all");
        Classification second = c.classify("this is not sql at all");
        assertEquals(Reason.UNKNOWN_SQL, first.kind());
        assertSame(first, second);
        assertEquals(2, c.unknownCount());
        assertEquals(1, c.cacheHits());
        assertEquals(1, c.cacheMisses());
    }

    @Test
    void cacheHitsReturnTheSameInstance() {
        StatementClassifier c = new StatementClassifier(Dialect.MYSQL, 100);
        Classification a = c.classify("select * from t where id = ?");
        Classification b = c.classify("select * from t where id = ?");
        assertSame(a, b);
        assertEquals(1, c.cacheHits());
        assertEquals(0, c.unknownCount());
    }

    @Test
    void cacheIsBounded() {
        StatementClassifier c = new StatementClassifier(Dialect.MYSQL, 50);
        for (int i = 0; i < 500; i++) {
            c.classify("select c" + i + " from t where id = " + i);
        }
        assertTrue(c.cacheSize() <= 50, "size " + c.cacheSize());
    }

    @Test
    void textsDifferingOnlyInLiteralsShareOneClassification() {
        StatementClassifier c = new StatementClassifier(Dialect.MYSQL, 100);
        Classification first = c.classify("select * from t where id = 1 and name = 'a'");
        Classification second = c.classify("select * from t where id = 22 and name = 'bb'");
        assertSame(first, second);
        assertEquals(1, c.cacheMisses());
        assertEquals(1, c.cacheHits());
        assertEquals(1, c.cacheLiteralInsensitiveHits());
        assertEquals(2, c.cacheSize(), "the key and the first text");
        for (int i = 0; i < 200; i++) {
            assertSame(first, c.classify("select * from t where id = " + i + " and name = 'x" + i + "'"));
        }
        assertEquals(2, c.cacheSize(), "literal variants are not cached under their own text");
        assertEquals(1, c.cacheMisses());
    }

    @Test
    void aRepeatedTextWithConstantsIsAnExactHit() {
        StatementClassifier c = new StatementClassifier(Dialect.POSTGRESQL, 100);
        String sql = "select * from t where deleted = 0 and status = 'open' and id = ?";
        Classification first = c.classify(sql);
        assertSame(first, c.classify(sql));
        assertSame(first, c.classify(sql));
        assertEquals(2, c.cacheHits());
        assertEquals(0, c.cacheLiteralInsensitiveHits(), "found by its text, not by its key");
    }

    @Test
    void everyCallCountsOnceAsAHitOrAMiss() {
        StatementClassifier c = new StatementClassifier(Dialect.MYSQL, 100);
        c.classify("select * from t where id = 1"); // parsed: miss
        c.classify("select * from t where id = 1"); // exact hit
        c.classify("select * from t where id = 2"); // literal-insensitive hit
        c.classify("select * from t where id = ?"); // no literal, new text: miss
        c.classify("select * from t where id = ?"); // exact hit
        c.classify("select 1 /*" + "x".repeat(StatementClassifier.MAX_CACHED_SQL_LENGTH) + "*/"); // not counted
        assertEquals(3, c.cacheHits());
        assertEquals(1, c.cacheLiteralInsensitiveHits());
        assertEquals(2, c.cacheMisses());
        assertEquals(5, c.cacheStats().requestCount());
        assertEquals(2, c.cacheStats().loadCount());
    }

    @Test
    void quotedIdentifiersGetTheirOwnEntries() {
        StatementClassifier pg = new StatementClassifier(Dialect.POSTGRESQL, List.of("inventory"), 100);
        assertTrue(pg.classify("select * from \"inventory\" where id = 1").touchesCriticalTable());
        assertFalse(pg.classify("select * from \"other\" where id = 2").touchesCriticalTable());
        assertTrue(pg.classify("select * from \"inventory\" where id = 3").touchesCriticalTable());
        StatementClassifier my = new StatementClassifier(Dialect.MYSQL, List.of("inventory"), 100);
        assertTrue(my.classify("select * from `inventory` where id = 1").touchesCriticalTable());
        assertFalse(my.classify("select * from `other` where id = 2").touchesCriticalTable());
        assertTrue(my.classify("select * from \"inventory\" where id = 3").touchesCriticalTable(), "ANSI_QUOTES");
        assertFalse(my.classify("select * from \"other\" where id = 4").touchesCriticalTable(), "ANSI_QUOTES");
        assertEquals(1, pg.cacheLiteralInsensitiveHits());
        assertEquals(0, my.cacheLiteralInsensitiveHits());
    }

    @Test
    void commentsAndHintsGetTheirOwnEntries() {
        StatementClassifier c = new StatementClassifier(Dialect.MYSQL, 100);
        assertEquals(Hint.PRIMARY, c.classify("/*rwsplit:primary*/ select * from t where id = 1").hint());
        assertEquals(Hint.REPLICA, c.classify("/*rwsplit:replica*/ select * from t where id = 2").hint());
        assertEquals(200, c.classify("select * from t where id = 3 -- rwsplit:max-lag=200ms").maxLagMillis());
        assertEquals(500, c.classify("select * from t where id = 4 -- rwsplit:max-lag=500ms").maxLagMillis());
        assertTrue(c.classify("select * from t where id = 5 /*rwsplit:max-lag=5d*/").hasHintError());
        assertEquals(Reason.LOCKING_READ, c.classify("select * from t where id = 6 /*! for update */").kind());
        assertEquals(Reason.READ, c.classify("select * from t where id = 7 /* for update */").kind());
        assertEquals(Reason.READ, c.classify("select * from t where id = 8 /*! */").kind());
        // a versioned executable comment runs on some servers only: the text is two statements, so the primary
        assertEquals(Reason.UNKNOWN_SQL, c.classify("select * from t where id = 9 /*!50000 for update */").kind());
        assertEquals(0, c.cacheLiteralInsensitiveHits());
    }

    @Test
    void postgresqlParametersGetTheirOwnEntries() {
        StatementClassifier c = new StatementClassifier(Dialect.POSTGRESQL, 100);
        c.classify("select * from t where a = $1");
        c.classify("select * from t where a = $2");
        assertEquals(0, c.cacheHits());
        assertEquals(2, c.cacheMisses());
    }

    @Test
    void aKeyNeverAnswersForATextEqualToIt() {
        // In MySQL, "--" followed by a control character starts a comment, so the key of T, read as a text, is
        // "select a" and a comment: another statement than T.
        String t = "select a --1, b from t";
        String key = new io.rwsplit.routing.internal.LiteralNormalizer(Dialect.MYSQL).key(t);
        Classification ofKey = new StatementClassifier(Dialect.MYSQL, 10).classify(key);
        assertNotEquals(java.util.Set.of("t"), ofKey.tables(), "the test needs a key that classifies differently");

        StatementClassifier c = new StatementClassifier(Dialect.MYSQL, 100);
        assertEquals(java.util.Set.of("t"), c.classify(t).tables());
        assertEquals(ofKey.tables(), c.classify(key).tables());
        StatementClassifier reversed = new StatementClassifier(Dialect.MYSQL, 100);
        assertEquals(ofKey.tables(), reversed.classify(key).tables());
        assertEquals(java.util.Set.of("t"), reversed.classify(t).tables());
    }

    @Test
    void aMarkerAfterAMysqlLineCommentStartIsNotTakenForALiteral() {
        String comment = "select 1 --\u0001, b from t"; // select 1, then a comment
        String minus = "select 1 --5, b from t"; // select 1 - -5, b from t
        StatementClassifier c = new StatementClassifier(Dialect.MYSQL, 100);
        assertEquals(java.util.Set.of("t"), c.classify(minus).tables());
        assertEquals(java.util.Set.of(), c.classify(comment).tables());
        StatementClassifier reversed = new StatementClassifier(Dialect.MYSQL, 100);
        assertEquals(java.util.Set.of(), reversed.classify(comment).tables());
        assertEquals(java.util.Set.of("t"), reversed.classify(minus).tables());
    }

    @Test
    void postgresqlStringsWithABackslashAreCachedByTheirText() {
        // PostgreSQL ends 'a\' at its second quote, ShardingSphere reads \' as an escape: keyed by the text.
        StatementClassifier c = new StatementClassifier(Dialect.POSTGRESQL, 100);
        Classification odd = c.classify("select 'a\\', ' for update --' from t");
        Classification plain = c.classify("select 'x', ' for update --' from t");
        assertEquals(Reason.READ, plain.kind());
        assertEquals(new StatementClassifier(Dialect.POSTGRESQL, 10)
                .classify("select 'a\\', ' for update --' from t").kind(), odd.kind());
        assertEquals(0, c.cacheLiteralInsensitiveHits());
    }

    @Test
    void veryLongTextsAreClassifiedButNotCached() {
        StatementClassifier c = new StatementClassifier(Dialect.MYSQL, 50);
        String sql = "select 1 /*" + "x".repeat(StatementClassifier.MAX_CACHED_SQL_LENGTH) + "*/";
        assertEquals(Reason.READ, c.classify(sql).kind());
        assertEquals(0, c.cacheSize());
    }

    @Test
    void neverThrowsOnRandomInput() {
        String alphabet = "selct frominsupdawhr'\"`$@;:=()*/-#\\\n\t,.?0123456789";
        Random random = new Random(42);
        for (Dialect dialect : Dialect.values()) {
            StatementClassifier c = new StatementClassifier(dialect, List.of("inventory"), 1000);
            for (int i = 0; i < 300; i++) {
                StringBuilder b = new StringBuilder();
                int length = random.nextInt(40);
                for (int j = 0; j < length; j++) {
                    b.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                assertNotNull(c.classify(b.toString()));
                assertNotNull(c.classify("select " + b));
            }
        }
    }

    @Test
    void deeplyNestedTextIsClassifiedFromItsTokensWithoutParsing() {
        StatementClassifier c = new StatementClassifier(Dialect.MYSQL, List.of("inventory"), 10);
        String nested = "(".repeat(5000) + "1" + ")".repeat(5000);
        assertEquals(Reason.READ, c.classify("select " + nested).kind());
        assertNotEquals(Reason.READ, c.classify("select " + nested + " from t for update").kind());
        assertNotEquals(Reason.READ, c.classify("select " + nested + " from t lock in share mode").kind());
        assertNotEquals(Reason.READ, c.classify("select " + nested + ", nextval(s)").kind());
        assertNotEquals(Reason.READ, c.classify("with x as (delete from t returning *) select " + nested).kind());
        assertNotEquals(Reason.READ, c.classify("select " + nested + " into @v").kind());
        assertTrue(c.classify("select " + nested + " from Inventory").touchesCriticalTable());
        assertEquals(Reason.READ, c.classify("select ((((1))))").kind());
    }

    @Test
    void tablesAreLowerCaseAndUnqualified() {
        StatementClassifier c = new StatementClassifier(Dialect.POSTGRESQL, 10);
        Classification got = c.classify("select * from Shop.\"Orders\" o join public.items i on true");
        assertEquals(java.util.Set.of("orders", "items"), got.tables());
    }

    @Test
    void hintErrorNamesTheBadComment() {
        StatementClassifier c = new StatementClassifier(Dialect.MYSQL, 10);
        Classification got = c.classify("select 1 /*rwsplit:max-lag=abc*/");
        assertTrue(got.hasHintError());
        assertTrue(got.hintError().contains("rwsplit:max-lag=abc"), got.hintError());
        assertEquals(Hint.NONE, got.hint());
        assertFalse(c.classify("select 1 /*rwsplit:primary*/").hasHintError());
    }

    @Test
    void badCriticalTableEntriesAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new StatementClassifier(Dialect.MYSQL, List.of(" "), 10));
        assertThrows(IllegalArgumentException.class,
                () -> new StatementClassifier(Dialect.MYSQL, List.of("a.b.c"), 10));
        assertThrows(IllegalArgumentException.class,
                () -> new StatementClassifier(Dialect.MYSQL, List.of("t"), -1));
    }

    @Test
    void quotedCriticalTableEntriesMatchUnquotedReferences() {
        StatementClassifier c = new StatementClassifier(Dialect.MYSQL, List.of("`Shop`.`Inventory`"), 10);
        assertTrue(c.classify("select * from shop.inventory").touchesCriticalTable());
        assertTrue(c.classify("select * from inventory").touchesCriticalTable());
        assertFalse(c.classify("select * from other.inventory").touchesCriticalTable());
    }
}
