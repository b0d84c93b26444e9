package io.rwsplit.routing;

import io.rwsplit.routing.internal.ClassifierEngine;
import io.rwsplit.routing.internal.CriticalTables;
import io.rwsplit.routing.internal.LiteralNormalizer;
import io.rwsplit.routing.internal.LiteralNormalizer.Literal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The literal-insensitive cache key changes nothing: for every corpus statement (and more statements full of
 * literals), a fresh classifier returns what the uncached engine returns, and a variant with every erased literal
 * rewritten to other values of its kind classifies like the original, whether each is classified by a fresh
 * classifier or one classifier has seen the other first.
 */
class StatementClassifierLiteralVariantsTest {

    private static final List<String> MORE_MYSQL = List.of(
            "SELECT id, name, qty FROM item WHERE id = 42 AND qty > -7",
            "select * from t where a = 1.5 and b = 1e5 and c = 0x1F and d = 0b101 and e = x'1F' and f = b'1' "
                    + "and g = N'x' and h = _utf8mb4'y' and i = 3000000000 and j = 99999999999999999999",
            "select * from t limit 10",
            "select * from t limit 5, 10",
            "select * from t limit 3000000000",
            "select * from t order by 2",
            "select cast(a as decimal(10, 2)), cast(b as datetime(6)), cast(c as char(3)) from t",
            "set autocommit = 1",
            "set autocommit = 'ON'",
            "set session wait_timeout = 28800",
            "set @x = 'a', @y = 2",
            "set names 'utf8mb4'",
            "set global max_connections = 500",
            "set global max_connections = 500, wait_timeout = 5",
            "select get_lock('lock1', 10)",
            "select sleep(0.5)",
            "do sleep(2)",
            "insert into inventory (id, qty) values (1, 2), (3, 4)",
            "update inventory set qty = qty - 1 where id = 1",
            "delete from t where created < '2020-01-01' limit 100",
            "select * from t where id = 1 for update",
            "select * from t where id = 1 lock in share mode",
            "select * from t where d > now() - interval 1 day",
            "select date '2020-01-01', timestamp '2020-01-01 00:00:00'",
            "/*rwsplit:max-lag=200ms*/ select * from t where id = 5",
            "select * from t where id = 1 /*!50000 for update */",
            "select 'a;b'; insert into t values ('c')",
            "xa start 'x1'",
            "prepare s from 'select 1'",
            "kill 12345",
            "select * from t where a = 'it''s' and b = 'x\\'y' and c = '\\\\'",
            "create table t (a varchar(255) default 'x', b decimal(10,2) default 0.00)",
            "select @rn := @rn + 1, t.* from t where id > 10",
            "select a into @x from t where id = 3",
            "select 1 from dual where 1 = 1 -- 2\n and 3 = 3");

    private static final List<String> MORE_POSTGRESQL = List.of(
            "SELECT id, name, qty FROM item WHERE id = 42 AND qty > -7",
            "select * from t where a = 1.5 and b = 1e5 and e = E'x\\'' and f = B'01' and g = X'1F' and h = U&'d' "
                    + "and i = N'x' and j = 3000000000 and k = 99999999999999999999",
            "select * from t limit 10 offset 20",
            "select * from t limit 3000000000",
            "select * from t offset 99999999999999999999",
            "select * from t order by 2 desc",
            "select a, count(*) from t group by 1",
            "select * from t fetch first 5 rows only",
            "select a::varchar(10), b::numeric(10, 2) from t",
            "set statement_timeout = 1000",
            "set statement_timeout to '1s'",
            "set local lock_timeout = '2s'",
            "set search_path = 'shop'",
            "select set_config('search_path', 'x', true)",
            "select set_config('a', 'b', false)",
            "select pg_advisory_lock(42)",
            "select pg_advisory_xact_lock(1, 2)",
            "select pg_sleep(0.1)",
            "select nextval('s')",
            "select setval('s', 100)",
            "insert into inventory values (1, 'x') returning id",
            "update inventory set qty = 5 where id = 1",
            "with x as (delete from q where id = 1 returning *) select * from x",
            "select * from t where id = 1 for update skip locked",
            "explain (analyze, costs off) select 1",
            "select * from t where d > now() - interval '1 day'",
            "select '2020-01-01'::date, 1::numeric(10, 2)",
            "copy (select * from t where id = 1) to stdout",
            "/*rwsplit:replica*/ select * from inventory where id = 3",
            "select * from \"inventory\" where id = 1",
            "select * from \"t1\" where \"c2\" = 2",
            "begin isolation level serializable read only; select 1; commit",
            "select 'a;b'; insert into t values ('c')",
            "declare c cursor for select * from t where id = 5",
            "fetch 10 from c",
            "notify ch, 'payload'",
            "select pg_notify('ch', 'p')",
            "create table t (a varchar(255) default 'x', b numeric(10,2) default 0.00)",
            "select $1::int + 2",
            "select * from t where a = 'x' and b = $tag$ 'y' $tag$");

    /** Two sets of replacement values, each of the kind it replaces. */
    private static final List<Map<Literal, String>> VALUES = List.of(
            Map.of(Literal.INT, "987654", Literal.LONG, "4000000000", Literal.BIG_INTEGER, "99999999999999999999",
                    Literal.DECIMAL, "0.125", Literal.FLOAT, "6.02E23", Literal.HEX, "0xABCDEF",
                    Literal.BIT, "0b1"),
            Map.of(Literal.INT, "0", Literal.LONG, "2147483649", Literal.BIG_INTEGER, "9223372036854775809",
                    Literal.DECIMAL, ".5", Literal.FLOAT, "1e-5", Literal.HEX, "0x0", Literal.BIT, "0b0"));

    static Stream<Arguments> statements() {
        List<Arguments> all = new ArrayList<>();
        for (ClassificationCorpus.Case c : ClassificationCorpus.load("classification-corpus-mysql.txt")) {
            all.add(Arguments.of(Dialect.MYSQL, c.toString(), c.sql()));
        }
        for (ClassificationCorpus.Case c : ClassificationCorpus.load("classification-corpus-postgresql.txt")) {
            all.add(Arguments.of(Dialect.POSTGRESQL, c.toString(), c.sql()));
        }
        for (String sql : MORE_MYSQL) {
            all.add(Arguments.of(Dialect.MYSQL, "more " + sql.replace("\n", "\\n"), sql));
        }
        for (String sql : MORE_POSTGRESQL) {
            all.add(Arguments.of(Dialect.POSTGRESQL, "more " + sql.replace("\n", "\\n"), sql));
        }
        return all.stream();
    }

    private static StatementClassifier fresh(Dialect dialect) {
        return new StatementClassifier(dialect, ClassificationCorpus.CRITICAL_TABLES, 100);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("statements")
    void aFreshClassifierClassifiesAsTheUncachedEngine(Dialect dialect, String name, String sql) {
        ClassifierEngine engine =
                new ClassifierEngine(dialect, new CriticalTables(ClassificationCorpus.CRITICAL_TABLES));
        assertAlike(engine.classify(sql), fresh(dialect).classify(sql), name);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("statements")
    void variantsWithOtherLiteralValuesClassifyAlike(Dialect dialect, String name, String sql) {
        LiteralNormalizer normalizer = new LiteralNormalizer(dialect);
        Classification original = fresh(dialect).classify(sql);
        int tried = 0;
        for (Map<Literal, String> values : VALUES) {
            String variant = variant(normalizer, dialect, sql, values);
            if (variant == null) {
                return; // no literal erased: the text is its own key
            }
            if (variant.equals(sql)) {
                continue; // the same values: the other set differs
            }
            tried++;
            String where = name + " / variant " + variant;
            assertEquals(normalizer.key(sql), normalizer.key(variant), "the variant must have the same key: " + where);

            assertAlike(original, fresh(dialect).classify(variant), where);

            StatementClassifier primedWithVariant = fresh(dialect);
            primedWithVariant.classify(variant);
            assertAlike(original, primedWithVariant.classify(sql), "primed with the variant: " + where);
            assertEquals(1, primedWithVariant.cacheLiteralInsensitiveHits(), where);

            StatementClassifier primedWithOriginal = fresh(dialect);
            primedWithOriginal.classify(sql);
            assertAlike(original, primedWithOriginal.classify(variant), "primed with the original: " + where);
            assertEquals(1, primedWithOriginal.cacheLiteralInsensitiveHits(), where);
        }
        assertTrue(tried > 0, name + ": no variant differs from the original");
    }

    /** The text with every literal the normalizer erases replaced by another value of its kind, or null if none. */
    static String variant(LiteralNormalizer normalizer, Dialect dialect, String sql, Map<Literal, String> values) {
        StringBuilder out = new StringBuilder();
        int[] copied = {0};
        boolean sure = normalizer.literals(sql, (kind, start, end) -> {
            out.append(sql, copied[0], start);
            String value;
            if (kind != Literal.STRING) {
                value = values.get(kind);
            } else {
                char prefix = start > 0 ? sql.charAt(start - 1) : ' ';
                if (prefix == 'x' || prefix == 'X') {
                    value = values.get(Literal.INT).equals("0") ? "'0'" : "'ABCDEF12'";
                } else if (prefix == 'b' || prefix == 'B') {
                    value = values.get(Literal.INT).equals("0") ? "'0'" : "'1'";
                } else if (values.get(Literal.INT).equals("0")) {
                    value = "''";
                } else if (prefix == 'E' || prefix == 'e') {
                    value = "'it''s \\' ; -- /* for update */ \" ` $$ ? $1 nextval(''x'')'";
                } else if (dialect == Dialect.MYSQL) {
                    // no backslash: a MySQL string with one is its own key (NO_BACKSLASH_ESCAPES may move its end)
                    value = "'it''s ; -- /* for update */ \" ` $$ ? $1 nextval(''x'')'";
                } else {
                    value = "'it''s ; -- /* for update */ \" $$ ? $1 nextval(''x'')'";
                }
            }
            out.append(value);
            copied[0] = end;
        });
        if (!sure || copied[0] == 0) {
            return null;
        }
        return out.append(sql, copied[0], sql.length()).toString();
    }

    static void assertAlike(Classification expected, Classification actual, String where) {
        String message = where + ": expected " + expected + ", got " + actual;
        assertEquals(expected.kind(), actual.kind(), message);
        assertEquals(expected.touchesCriticalTable(), actual.touchesCriticalTable(), message);
        assertEquals(expected.pinsSession(), actual.pinsSession(), message);
        assertEquals(expected.transactionControl(), actual.transactionControl(), message);
        assertEquals(expected.hint(), actual.hint(), message);
        assertEquals(expected.maxLagMillis(), actual.maxLagMillis(), message);
        assertEquals(expected.tables(), actual.tables(), message);
        assertEquals(expected.hintError(), actual.hintError(), message);
    }
}
