package io.rwsplit.routing;

import java.util.List;

/**
 * Rough classification cost, cache hit vs miss (not a test; JMH comes later). Run with:
 * {@code java -cp routing/target/classes:routing/target/test-classes:$(cat cp.txt) io.rwsplit.routing.ClassifierTimingMain}
 */
public final class ClassifierTimingMain {

    private ClassifierTimingMain() {
    }

    public static void main(String[] args) {
        String[] shapes = {
            "select o.id, o.total from orders o join customers c on c.id = o.customer_id where o.id = %d",
            "update orders set total = total + 1 where id = %d",
            "with t as (select * from inventory where qty > %d) select * from t for update",
        };
        for (Dialect dialect : Dialect.values()) {
            StatementClassifier c = new StatementClassifier(dialect, List.of("inventory"), 1_000_000);
            for (int round = 0; round < 3; round++) {
                int n = 20_000;
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    c.classify(String.format(shapes[i % shapes.length], round * n + i));
                }
                long miss = (System.nanoTime() - t0) / n;
                t0 = System.nanoTime();
                int hits = 2_000_000;
                for (int i = 0; i < hits; i++) {
                    c.classify(String.format(shapes[0], round * n + (i % 3) * 3));
                }
                long hit = (System.nanoTime() - t0) / hits;
                System.out.printf("%s round %d: miss %d us/stmt, hit (incl. String.format) %d ns/stmt%n",
                        dialect, round, miss / 1000, hit);
            }
            String sql = "select o.id from orders o where o.id = 1";
            long t0 = System.nanoTime();
            for (int i = 0; i < 5_000_000; i++) {
                c.classify(sql);
            }
            System.out.printf("%s pure cache hit: %d ns/stmt%n", dialect, (System.nanoTime() - t0) / 5_000_000);
        }
    }
}
