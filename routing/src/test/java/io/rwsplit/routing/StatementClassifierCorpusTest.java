package io.rwsplit.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatementClassifierCorpusTest {

    private static final StatementClassifier MYSQL =
            new StatementClassifier(Dialect.MYSQL, ClassificationCorpus.CRITICAL_TABLES, 10_000);
    private static final StatementClassifier POSTGRESQL =
            new StatementClassifier(Dialect.POSTGRESQL, ClassificationCorpus.CRITICAL_TABLES, 10_000);

    static Stream<ClassificationCorpus.Case> mysql() {
        return ClassificationCorpus.load("classification-corpus-mysql.txt").stream();
    }

    static Stream<ClassificationCorpus.Case> postgresql() {
        return ClassificationCorpus.load("classification-corpus-postgresql.txt").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mysql")
    void mysqlCorpus(ClassificationCorpus.Case c) {
        check(MYSQL, c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("postgresql")
    void postgresqlCorpus(ClassificationCorpus.Case c) {
        check(POSTGRESQL, c);
    }

    @Test
    void eachCorpusHasAtLeastSixtyStatements() {
        assertTrue(mysql().count() >= 60);
        assertTrue(postgresql().count() >= 60);
    }

    private static void check(StatementClassifier classifier, ClassificationCorpus.Case c) {
        Classification got = classifier.classify(c.sql());
        String where = c + " -> " + got;
        assertEquals(c.kind(), got.kind(), "kind of " + where);
        assertEquals(c.critical(), got.touchesCriticalTable(), "critical of " + where);
        assertEquals(c.pins(), got.pinsSession(), "pins of " + where);
        assertEquals(c.tx(), got.transactionControl(), "tx of " + where);
        if (c.hint().equals("error")) {
            assertNotNull(got.hintError(), "hint error of " + where);
            return;
        }
        assertNull(got.hintError(), "hint error of " + where);
        Hint hint = Hint.NONE;
        long maxLag = -1;
        if (!c.hint().equals("-")) {
            for (String h : List.of(c.hint().split("\\+"))) {
                if (h.equals("primary")) {
                    hint = Hint.PRIMARY;
                } else if (h.equals("replica")) {
                    hint = Hint.REPLICA;
                } else if (h.startsWith("max-lag=")) {
                    maxLag = Long.parseLong(h.substring(8));
                } else {
                    throw new IllegalStateException("bad hint field in " + c);
                }
            }
        }
        assertEquals(hint, got.hint(), "hint of " + where);
        assertEquals(maxLag, got.maxLagMillis(), "max lag of " + where);
    }
}
