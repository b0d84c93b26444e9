package io.rwsplit.benchmarks;

import io.rwsplit.routing.Classification;
import io.rwsplit.routing.Dialect;
import io.rwsplit.routing.Reason;
import io.rwsplit.routing.StatementClassifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Classification alone ({@link StatementClassifier}, no JDBC): a cache hit (the same text every time) and a cache
 * miss (a text never seen: the number in it changes at every call, over more distinct texts than the cache holds,
 * all built before the measurement) for typical OLTP statements of both dialects.
 *
 * <p>Run: {@code cd benchmarks && java -jar target/benchmarks.jar ClassificationBenchmark -prof gc -rf json
 * -rff results/classification.json} (or {@code ./run.sh}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class ClassificationBenchmark {
    /** Statement templates; {@code #} is replaced by a number. */
    private static final Map<String, Map<String, String>> STATEMENTS = Map.of(
            "MYSQL", Map.of(
                    "point_select", "SELECT id, name, qty FROM item WHERE id = #",
                    "update", "UPDATE item SET qty = qty - 1 WHERE id = #",
                    "insert", "INSERT INTO orders (customer_id, item_id, qty, created_at) VALUES (#, 7, 1, NOW())",
                    "join", "SELECT o.id, o.qty, i.name FROM orders o JOIN item i ON i.id = o.item_id "
                            + "WHERE o.customer_id = # ORDER BY o.id DESC LIMIT 20",
                    "locking_read", "SELECT qty FROM item WHERE id = # FOR UPDATE"),
            "POSTGRESQL", Map.of(
                    "point_select", "SELECT id, name, qty FROM item WHERE id = #",
                    "update", "UPDATE item SET qty = qty - 1 WHERE id = #",
                    "insert", "INSERT INTO orders (customer_id, item_id, qty, created_at) VALUES (#, 7, 1, now()) "
                            + "RETURNING id",
                    "join", "SELECT o.id, o.qty, i.name FROM orders o JOIN item i ON i.id = o.item_id "
                            + "WHERE o.customer_id = # ORDER BY o.id DESC LIMIT 20",
                    "locking_read", "SELECT qty FROM item WHERE id = # FOR UPDATE SKIP LOCKED"));

    /** Distinct texts for misses: 32 times the cache size, cycled. */
    private static final int CACHE_SIZE = 10_000;
    private static final int MISS_TEXTS = 1 << 15;

    @Param({"MYSQL", "POSTGRESQL"})
    public String dialect;

    @Param({"point_select", "update", "insert", "join", "locking_read"})
    public String statement;

    private StatementClassifier classifier;
    private String hitText;
    private String[] missTexts;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        classifier = new StatementClassifier(Dialect.valueOf(dialect), List.of("payments"), CACHE_SIZE);
        String template = STATEMENTS.get(dialect).get(statement);
        if (template == null) {
            throw new IllegalArgumentException("statement '" + statement + "' is not known");
        }
        hitText = template.replace("#", "42");
        missTexts = new String[MISS_TEXTS];
        for (int i = 0; i < MISS_TEXTS; i++) {
            missTexts[i] = template.replace("#", Integer.toString(1_000_000 + i));
        }
        Classification c = classifier.classify(hitText);
        if (c.kind() == Reason.UNKNOWN_SQL) {
            throw new IllegalStateException(dialect + " " + statement + " is not understood: " + hitText);
        }
    }

    @Benchmark
    public Classification cacheHit() {
        return classifier.classify(hitText);
    }

    @Benchmark
    public Classification cacheMiss() {
        int i = next;
        next = i + 1 == MISS_TEXTS ? 0 : i + 1;
        return classifier.classify(missTexts[i]);
    }
}
