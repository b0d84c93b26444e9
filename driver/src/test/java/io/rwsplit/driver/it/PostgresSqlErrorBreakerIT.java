package io.rwsplit.driver.it;

import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;

import java.sql.Connection;
import java.util.List;

/** SQL errors of every class on a PostgreSQL primary never count against it (issue 14). */
class PostgresSqlErrorBreakerIT extends AbstractSqlErrorBreakerTest {
    @Override
    public ReplicationTopology topology() {
        return SharedTopologies.postgresql();
    }

    @Override
    String vendorPackage() {
        return "org.postgresql.";
    }

    @Override
    String insertCounterSql() {
        return "INSERT INTO counters VALUES ('{name}', 0) ON CONFLICT DO NOTHING";
    }

    @Override
    List<Case> cases() {
        return List.of(
                new Case("syntax error", "42601", (bad, s, h) -> s.execute("SELEKT 1")),
                new Case("undefined table", "42P01", (bad, s, h) -> s.executeQuery("SELECT * FROM no_such_table")),
                new Case("undefined column", "42703", (bad, s, h) -> s.executeQuery("SELECT nope FROM products")),
                new Case("unique violation", "23505",
                        (bad, s, h) -> s.executeUpdate("INSERT INTO products VALUES (1, 'dup', 1.00)")),
                new Case("division by zero", "22012",
                        (bad, s, h) -> s.executeUpdate("UPDATE products SET price = price / 0 WHERE id = 1")),
                new Case("invalid text representation", "22P02",
                        (bad, s, h) -> s.executeQuery("SELECT CAST('abc' AS INT)")),
                new Case("string data right truncation", "22001",
                        (bad, s, h) -> s.executeUpdate("UPDATE products SET name = repeat('x', 60) WHERE id = 1")),
                new Case("program limit exceeded", "54000",
                        (bad, s, h) -> s.executeQuery("SELECT array_fill(1, ARRAY[100000, 100000])")),
                new Case("statement timeout (query canceled)", "57014", (bad, s, h) -> {
                    bad.setAutoCommit(false);
                    s.execute("SET LOCAL statement_timeout = 50");
                    s.executeQuery("SELECT pg_sleep(5)");
                }),
                new Case("in failed transaction", "25P02", (bad, s, h) -> {
                    bad.setAutoCommit(false);
                    try {
                        s.executeQuery("SELECT CAST('abc' AS INT)");
                    } catch (java.sql.SQLException first) {
                        // the transaction is now aborted
                    }
                    s.executeQuery("SELECT 1");
                }),
                new Case("lock not available (NOWAIT)", "55P03", (bad, s, h) -> {
                    h.setAutoCommit(false);
                    lockRow(h, 3);
                    s.executeQuery("SELECT * FROM products WHERE id = 3 FOR UPDATE NOWAIT");
                }),
                new Case("serialization failure", "40001", (bad, s, h) -> {
                    bad.setAutoCommit(false);
                    bad.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                    try {
                        s.executeQuery("SELECT value FROM counters WHERE name = '" + CONFLICT + "'").close();
                        try (java.sql.Statement hs = h.createStatement()) {
                            hs.executeUpdate("UPDATE counters SET value = value + 1 WHERE name = '" + CONFLICT + "'");
                        }
                        s.executeUpdate("UPDATE counters SET value = 0 WHERE name = '" + CONFLICT + "'");
                    } finally {
                        bad.rollback();
                        bad.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                    }
                }));
    }

    static void lockRow(Connection h, int id) throws java.sql.SQLException {
        try (java.sql.Statement hs = h.createStatement()) {
            hs.executeQuery("SELECT * FROM products WHERE id = " + id + " FOR UPDATE").close();
        }
    }
}
