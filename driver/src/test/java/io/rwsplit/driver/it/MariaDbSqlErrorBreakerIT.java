package io.rwsplit.driver.it;

import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;

import java.sql.Connection;
import java.util.List;

/** SQL errors of every class on a MariaDB primary never count against it (issue 14). */
class MariaDbSqlErrorBreakerIT extends AbstractSqlErrorBreakerTest {
    @Override
    public ReplicationTopology topology() {
        return SharedTopologies.mariadb();
    }

    @Override
    String vendorPackage() {
        return "org.mariadb.";
    }

    @Override
    String insertCounterSql() {
        return "INSERT IGNORE INTO counters VALUES ('{name}', 0)";
    }

    @Override
    List<Case> cases() {
        return List.of(
                new Case("syntax error (1064)", "42000", (bad, s, h) -> s.execute("SELEKT 1")),
                new Case("unknown table (1146)", "42S02", (bad, s, h) -> s.executeQuery("SELECT * FROM no_such_table")),
                new Case("unknown column (1054)", "42S22", (bad, s, h) -> s.executeQuery("SELECT nope FROM products")),
                new Case("duplicate key (1062)", "23000",
                        (bad, s, h) -> s.executeUpdate("INSERT INTO products VALUES (1, 'dup', 1.00)")),
                new Case("division by zero (1365)", "22012",
                        (bad, s, h) -> s.executeUpdate("UPDATE products SET price = price / 0 WHERE id = 1")),
                new Case("data too long (1406)", "22001",
                        (bad, s, h) -> s.executeUpdate("UPDATE products SET name = REPEAT('x', 60) WHERE id = 1")),
                new Case("max_statement_time exceeded (1969)", "70100", (bad, s, h) -> s.executeQuery(
                        "SET STATEMENT max_statement_time = 0.01 FOR"
                                + " SELECT COUNT(DISTINCT MD5(a.seq + b.seq)) FROM seq_1_to_10000 a, seq_1_to_10000 b")),
                new Case("lock wait timeout, NOWAIT (1205)", "HY000", (bad, s, h) -> {
                    h.setAutoCommit(false);
                    PostgresSqlErrorBreakerIT.lockRow(h, 3);
                    s.executeQuery("SELECT * FROM products WHERE id = 3 FOR UPDATE NOWAIT");
                }),
                new Case("snapshot isolation conflict: record changed (1020)", "HY000", (bad, s, h) -> {
                    bad.setAutoCommit(false);
                    bad.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                    s.execute("SET SESSION innodb_snapshot_isolation = ON");
                    try {
                        s.executeQuery("SELECT value FROM counters WHERE name = '" + CONFLICT + "'").close();
                        try (java.sql.Statement hs = h.createStatement()) {
                            hs.executeUpdate("UPDATE counters SET value = value + 1 WHERE name = '" + CONFLICT + "'");
                        }
                        s.executeUpdate("UPDATE counters SET value = 0 WHERE name = '" + CONFLICT + "'");
                    } finally {
                        bad.rollback();
                    }
                }));
    }
}
