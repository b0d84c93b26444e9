package io.rwsplit.driver.it;

import io.rwsplit.fixtures.DbNode;
import io.rwsplit.fixtures.Flavor;
import io.rwsplit.fixtures.ReplicationTopology;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** The shop schema every driver integration test uses, created once per topology. */
final class Databases {
    private static final Set<ReplicationTopology> PREPARED = Collections.newSetFromMap(new IdentityHashMap<>());

    static final String CRITICAL = "criticalTables=inventory,payments";

    private Databases() {
    }

    static synchronized void prepare(ReplicationTopology t) throws SQLException {
        if (!PREPARED.add(t)) {
            return;
        }
        boolean pg = t.flavor() == Flavor.POSTGRESQL;
        try (Connection c = t.primary().appConnection(); Statement s = c.createStatement()) {
            String serial = pg ? "SERIAL PRIMARY KEY" : "INT AUTO_INCREMENT PRIMARY KEY";
            s.execute("CREATE TABLE IF NOT EXISTS products (id INT PRIMARY KEY, name VARCHAR(50), price DECIMAL(10,2))");
            s.execute("CREATE TABLE IF NOT EXISTS customers (id INT PRIMARY KEY, name VARCHAR(50))");
            s.execute("CREATE TABLE IF NOT EXISTS orders (id " + serial + ", customer_id INT, total DECIMAL(10,2))");
            s.execute("CREATE TABLE IF NOT EXISTS inventory (product_id INT PRIMARY KEY, qty INT)");
            s.execute("CREATE TABLE IF NOT EXISTS payments (id " + serial + ", order_id INT, amount DECIMAL(10,2))");
            s.execute("CREATE TABLE IF NOT EXISTS scratch_empty (id INT)");
            s.execute("CREATE TABLE IF NOT EXISTS counters (name VARCHAR(50) PRIMARY KEY, value BIGINT)");
            s.execute("CREATE SEQUENCE IF NOT EXISTS seq1");
            if (pg) {
                s.execute("CREATE OR REPLACE PROCEDURE touch_product(pid INT) LANGUAGE sql AS "
                        + "$$ UPDATE products SET name = name WHERE id = pid $$");
                s.execute("INSERT INTO products VALUES (1, 'apple', 1.50), (2, 'bread', 2.20), (3, 'cheese', 7.00) "
                        + "ON CONFLICT DO NOTHING");
                s.execute("INSERT INTO inventory VALUES (1, 10), (2, 20), (3, 30) ON CONFLICT DO NOTHING");
                s.execute("INSERT INTO orders (customer_id, total) VALUES (1, 12.00)");
            } else {
                s.execute("CREATE PROCEDURE IF NOT EXISTS touch_product(IN pid INT) "
                        + "UPDATE products SET name = name WHERE id = pid");
                s.execute("INSERT IGNORE INTO products VALUES (1, 'apple', 1.50), (2, 'bread', 2.20), (3, 'cheese', 7.00)");
                s.execute("INSERT IGNORE INTO inventory VALUES (1, 10), (2, 20), (3, 30)");
                s.execute("INSERT INTO orders (customer_id, total) VALUES (1, 12.00)");
            }
        }
        t.awaitReplication(Duration.ofSeconds(30));
    }

    /** The rwsplit URL of a topology with the app user's credentials in properties, not in the URL. */
    static String url(ReplicationTopology t, String options) {
        return t.rwsplitUrl(options);
    }

    static int portOf(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    static boolean isReplica(ReplicationTopology t, String address) {
        for (DbNode r : t.replicas()) {
            if (r.address().equals(address)) {
                return true;
            }
        }
        return false;
    }
}
