package io.rwsplit.examples.demo;

import io.rwsplit.examples.demo.ShopWorkload.Op;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * Why this exists: the demo's figures only mean something if the shop does what a web application does: each
 * operation takes a connection from the data source and gives it back. These are the shop's operations: a shopper
 * browses or searches the catalogue (replica reads, some in a read-only transaction), a buyer checks stock or buys
 * (critical tables, primary only), the merchant changes a price and reads it back (read-your-writes). Each one is
 * run and counted by {@link WorkloadFigures}.
 */
final class ShopOperations {
    private final DataSource ds;
    private final WorkloadFigures figures;

    ShopOperations(DataSource ds, WorkloadFigures figures) {
        this.ds = ds;
        this.figures = figures;
    }

    void shop(ThreadLocalRandom random) throws SQLException {
        int dice = random.nextInt(10);
        if (dice < 7) {
            figures.run(Op.BROWSE, () -> {
                try (Connection c = ds.getConnection();
                     PreparedStatement ps = c.prepareStatement("SELECT id, name, price FROM products WHERE id = ?")) {
                    ps.setLong(1, 1 + random.nextInt(ShopWorkload.PRODUCTS));
                    drain(ps);
                }
            });
        } else if (dice < 9) {
            figures.run(Op.SEARCH, () -> {
                try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                        "SELECT id, name, price FROM products WHERE name LIKE ? ORDER BY price LIMIT 10")) {
                    ps.setString(1, "product " + (1 + random.nextInt(9)) + "%");
                    drain(ps);
                }
            });
        } else {
            figures.run(Op.READ_ONLY_TX, () -> {
                try (Connection c = ds.getConnection()) {
                    c.setReadOnly(true);
                    c.setAutoCommit(false);
                    try (Statement s = c.createStatement()) {
                        drain(s.executeQuery("SELECT COUNT(*), MIN(price), MAX(price) FROM products"));
                        drain(s.executeQuery("SELECT id, name, price FROM products ORDER BY price DESC LIMIT 5"));
                        c.commit();
                    } catch (SQLException e) {
                        rollbackQuietly(c);
                        throw e;
                    }
                }
            });
        }
    }

    void buy(ThreadLocalRandom random) throws SQLException {
        long product = 1 + random.nextInt(ShopWorkload.PRODUCTS);
        if (random.nextBoolean()) {
            figures.run(Op.STOCK_CHECK, () -> {
                try (Connection c = ds.getConnection();
                     PreparedStatement ps = c.prepareStatement("SELECT quantity FROM inventory WHERE product_id = ?")) {
                    ps.setLong(1, product);
                    drain(ps);
                }
            });
            return;
        }
        figures.run(Op.PURCHASE, () -> {
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                try {
                    purchase(c, product);
                    c.commit();
                } catch (SQLException e) {
                    rollbackQuietly(c);
                    throw e;
                }
            }
        });
    }

    private static void purchase(Connection c, long product) throws SQLException {
        int quantity;
        BigDecimal price;
        try (PreparedStatement ps = c.prepareStatement("SELECT i.quantity, p.price FROM inventory i"
                + " JOIN products p ON p.id = i.product_id WHERE i.product_id = ? FOR UPDATE")) {
            ps.setLong(1, product);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                quantity = rs.getInt(1);
                price = rs.getBigDecimal(2);
            }
        }
        if (quantity < 10) {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE inventory SET quantity = quantity + ? WHERE product_id = ?")) {
                ps.setInt(1, ShopWorkload.INITIAL_STOCK);
                ps.setLong(2, product);
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE inventory SET quantity = quantity - 1 WHERE product_id = ?")) {
            ps.setLong(1, product);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO payments (product_id, amount) VALUES (?, ?)")) {
            ps.setLong(1, product);
            ps.setBigDecimal(2, price);
            ps.executeUpdate();
        }
    }

    void priceChange() throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long product = 1 + random.nextInt(ShopWorkload.PRODUCTS);
        BigDecimal price = BigDecimal.valueOf(100 + random.nextInt(100_000), 2);
        figures.run(Op.PRICE_CHANGE, () -> {
            try (Connection c = ds.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE products SET price = ? WHERE id = ?")) {
                    ps.setBigDecimal(1, price);
                    ps.setLong(2, product);
                    ps.executeUpdate();
                }
                figures.writeSucceeded();
                // The same session reads it back: rwsplit sends it to a replica that has applied the update, or
                // to the primary (reason read-your-writes). Never the old price.
                try (PreparedStatement ps = c.prepareStatement("SELECT price FROM products WHERE id = ?")) {
                    ps.setLong(1, product);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getBigDecimal(1).compareTo(price) != 0) {
                            figures.readYourWritesViolation(product, rs.getBigDecimal(1), price);
                        }
                    }
                }
            }
        });
    }

    private static void drain(PreparedStatement ps) throws SQLException {
        drain(ps.executeQuery());
    }

    private static void drain(ResultSet rs) throws SQLException {
        try (rs) {
            while (rs.next()) {
                rs.getObject(1);
            }
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the node is gone; the transaction is gone with it
        }
    }
}
