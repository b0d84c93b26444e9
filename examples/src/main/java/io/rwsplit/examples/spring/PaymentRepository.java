package io.rwsplit.examples.spring;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.Statement;

/** Payments, with {@link JdbcTemplate}. {@code payments} is a critical table: all of this runs on the primary. */
@Repository
public class PaymentRepository {
    private final JdbcTemplate jdbc;

    public PaymentRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a payment; returns its id. */
    public long record(long productId, int quantity, BigDecimal amount) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.update(c -> {
            PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO payments (product_id, quantity, amount) VALUES (?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS);
            ps.setLong(1, productId);
            ps.setInt(2, quantity);
            ps.setBigDecimal(3, amount);
            return ps;
        }, key);
        return key.getKeyAs(Number.class).longValue();
    }

    public BigDecimal revenue(long productId) {
        return jdbc.queryForObject("SELECT COALESCE(SUM(amount), 0) FROM payments WHERE product_id = ?",
                BigDecimal.class, productId);
    }
}
