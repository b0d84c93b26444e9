package io.rwsplit.examples.demo;

import io.rwsplit.fixtures.Flavor;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Why this exists: the demo starts from an empty database and shows that DDL and the first inserts go to the primary
 * like any write. This creates the shop's three tables ({@code products}; {@code inventory} and {@code payments},
 * the critical ones) through rwsplit, in the dialect of the flavour, and fills the catalogue and the stock.
 */
final class ShopSchema {
    private ShopSchema() {
    }

    /** Creates and fills the shop's tables through rwsplit (DDL and inserts run on the primary). */
    static void create(DataSource ds, Flavor flavor) throws SQLException {
        String money = "DECIMAL(10,2)";
        String paymentId = flavor == Flavor.POSTGRESQL ? "BIGSERIAL PRIMARY KEY" : "BIGINT AUTO_INCREMENT PRIMARY KEY";
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE products (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL UNIQUE, price "
                    + money + " NOT NULL)");
            s.execute("CREATE TABLE inventory (product_id BIGINT PRIMARY KEY REFERENCES products (id),"
                    + " quantity INT NOT NULL CHECK (quantity >= 0))");
            s.execute("CREATE TABLE payments (id " + paymentId + ", product_id BIGINT NOT NULL REFERENCES products (id),"
                    + " amount " + money + " NOT NULL, paid_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)");
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO products (id, name, price) VALUES (?, ?, ?)");
                 PreparedStatement i = c.prepareStatement(
                         "INSERT INTO inventory (product_id, quantity) VALUES (?, ?)")) {
                for (int id = 1; id <= ShopWorkload.PRODUCTS; id++) {
                    p.setLong(1, id);
                    p.setString(2, "product " + id);
                    p.setBigDecimal(3, BigDecimal.valueOf(100 + id * 37L % 900, 2));
                    p.addBatch();
                    i.setLong(1, id);
                    i.setInt(2, ShopWorkload.INITIAL_STOCK);
                    i.addBatch();
                }
                p.executeBatch();
                i.executeBatch();
            }
            c.commit();
        }
    }
}
