package io.rwsplit.examples.spring;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Stock per product, with {@link JdbcTemplate}. {@code inventory} is a critical table: all of this runs on the
 * primary.
 */
@Repository
public class InventoryRepository {
    private final JdbcTemplate jdbc;

    public InventoryRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public int quantity(long productId) {
        Integer qty = jdbc.query("SELECT quantity FROM inventory WHERE product_id = ?",
                rs -> rs.next() ? rs.getInt(1) : null, productId);
        return qty == null ? 0 : qty;
    }

    public void add(long productId, int quantity) {
        jdbc.update("INSERT INTO inventory (product_id, quantity) VALUES (?, ?) "
                + "ON DUPLICATE KEY UPDATE quantity = quantity + VALUES(quantity)", productId, quantity);
    }

    /** Takes {@code quantity} items if there are that many; returns whether it did. */
    public boolean take(long productId, int quantity) {
        return jdbc.update("UPDATE inventory SET quantity = quantity - ? WHERE product_id = ? AND quantity >= ?",
                quantity, productId, quantity) == 1;
    }
}
