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
 * Classification alone ({@link StatementClassifier}, no JDBC), for typical OLTP statements of both dialects:
 * <ul>
 *   <li>{@code cacheHit}: the same text every time (prepared statements);</li>
 *   <li>{@code newLiteral}: a text never seen, whose only difference from a cached text is the number in it
 *       (applications that put literals in SQL text);</li>
 *   <li>{@code cacheMiss}: a text of a shape never seen (an identifier in it changes at every call), so the parser
 *       runs.</li>
 * </ul>
 * The new texts cycle over more distinct texts than the cache holds, all built before the measurement.
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

    private static final int CACHE_SIZE = 10_000;
    /** Distinct texts for new literals and for misses, cycled: more than three times the cache size. */
    private static final int NEW_TEXTS = 1 << 15;

    @Param({"MYSQL", "POSTGRESQL"})
    public String dialect;

    @Param({"point_select", "update", "insert", "join", "locking_read"})
    public String statement;

    private StatementClassifier classifier;
    private String hitText;
    private String[] literalTexts;
    private String[] shapeTexts;
    private int nextLiteral;
    private int nextShape;

    @Setup(Level.Trial)
    public void setUp() {
        classifier = new StatementClassifier(Dialect.valueOf(dialect), List.of("payments"), CACHE_SIZE);
        String template = STATEMENTS.get(dialect).get(statement);
        if (template == null) {
            throw new IllegalArgumentException("statement '" + statement + "' is not known");
        }
        hitText = template.replace("#", "42");
        literalTexts = new String[NEW_TEXTS];
        shapeTexts = new String[NEW_TEXTS];
        for (int i = 0; i < NEW_TEXTS; i++) {
            literalTexts[i] = template.replace("#", Integer.toString(1_000_000 + i));
            shapeTexts[i] = template.replace("#", "k" + (1_000_000 + i));
        }
        for (String text : new String[] {hitText, literalTexts[0], shapeTexts[0]}) {
            if (new StatementClassifier(Dialect.valueOf(dialect), 0).classify(text).kind() == Reason.UNKNOWN_SQL) {
                throw new IllegalStateException(dialect + " " + statement + " is not understood: " + text);
            }
        }
        classifier.classify(hitText);
    }

    @Benchmark
    public Classification cacheHit() {
        return classifier.classify(hitText);
    }

    @Benchmark
    public Classification newLiteral() {
        int i = nextLiteral;
        nextLiteral = i + 1 == NEW_TEXTS ? 0 : i + 1;
        return classifier.classify(literalTexts[i]);
    }

    @Benchmark
    public Classification cacheMiss() {
        int i = nextShape;
        nextShape = i + 1 == NEW_TEXTS ? 0 : i + 1;
        return classifier.classify(shapeTexts[i]);
    }
}
