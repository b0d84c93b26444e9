package io.rwsplit.routing;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
            c.classify("select " + i);
        }
        assertTrue(c.cacheSize() <= 50, "size " + c.cacheSize());
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
    void deeplyNestedTextIsUnknownWithoutParsing() {
        StatementClassifier c = new StatementClassifier(Dialect.MYSQL, 10);
        long t0 = System.nanoTime();
        assertEquals(Reason.UNKNOWN_SQL, c.classify("select " + "(".repeat(5000) + "1" + ")".repeat(5000)).kind());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
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
