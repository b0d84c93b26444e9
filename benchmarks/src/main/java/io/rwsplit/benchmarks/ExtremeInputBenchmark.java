package io.rwsplit.benchmarks;

import io.rwsplit.routing.Classification;
import io.rwsplit.routing.Dialect;
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
 * What the worst inputs cost to classify (issue 14: no input should cost more than about a millisecond): each call
 * classifies the input as a text never seen (the classifier has no cache), so every call pays the whole scan, and
 * the parse when there is one. Inputs: a NUL character, a 1 MB statement, 500 nested parentheses, 500 nested
 * parentheses with a locking clause, the deepest nesting that is still parsed (8) as subqueries and as boolean
 * expressions, a 10,000-element IN list, a 1,000-token insert, an unterminated comment, an empty text.
 *
 * <p>Run: {@code cd benchmarks && java -jar target/benchmarks.jar ExtremeInputBenchmark -rf json
 * -rff results/extreme-inputs.json} (or {@code ./run.sh}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class ExtremeInputBenchmark {
    private static String nest(String open, String inner, String close, int depth) {
        return open.repeat(depth) + inner + close.repeat(depth);
    }

    private static final Map<String, String> INPUTS = Map.ofEntries(
            Map.entry("nul", "SELECT * FROM t WHERE a = 'x\u0000y'"),
            Map.entry("one_mb", "SELECT * FROM t WHERE id IN (" + "1,".repeat(500_000) + "1)"),
            Map.entry("nested_500", "SELECT " + nest("(", "1", ")", 500)),
            Map.entry("nested_500_locking", "SELECT " + nest("(", "1", ")", 500) + " FROM t FOR UPDATE"),
            Map.entry("subqueries_8", "SELECT * FROM payments WHERE id IN " + nest("(SELECT id FROM t WHERE x IN ",
                    "(1)", ")", 7)),
            Map.entry("boolean_8", "UPDATE t SET a = 1 WHERE " + nest("(a = 1 OR ", "b = 2", ")", 8)),
            Map.entry("in_list_10k", "SELECT * FROM t WHERE id IN (" + "1,".repeat(9_999) + "1)"),
            Map.entry("insert_1k_tokens", "INSERT INTO t VALUES " + "(1,2),".repeat(165) + "(1,2)"),
            Map.entry("unterminated_comment", "SELECT 1 /* no end"),
            Map.entry("empty", ""));

    @Param({"nul", "one_mb", "nested_500", "nested_500_locking", "subqueries_8", "boolean_8", "in_list_10k",
            "insert_1k_tokens", "unterminated_comment", "empty"})
    public String input;

    @Param({"MYSQL", "POSTGRESQL"})
    public String dialect;

    private StatementClassifier classifier;
    private String sql;

    @Setup(Level.Trial)
    public void setUp() {
        // criticalTables names "payments", so the subquery input is parsed, not proven a read from its tokens
        classifier = new StatementClassifier(Dialect.valueOf(dialect), List.of("payments"), 0);
        sql = INPUTS.get(input);
        if (sql == null) {
            throw new IllegalArgumentException("input '" + input + "' is not known");
        }
    }

    @Benchmark
    public Classification classify() {
        return classifier.classify(sql);
    }
}
