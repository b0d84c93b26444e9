package io.rwsplit.examples.spring;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The shop's use cases. rwsplit routes each transaction from what Spring tells the JDBC connection:
 * <ul>
 *   <li>{@code @Transactional(readOnly = true)} (the class default here): the transaction runs on a replica;</li>
 *   <li>{@code @Transactional}: a write transaction, on the primary from its first statement, reads included;</li>
 *   <li>whatever the transaction, statements on the critical tables ({@code inventory}, {@code payments}) run on
 *       the primary, so stock and payments are never read stale.</li>
 * </ul>
 */
@Service
@Transactional(readOnly = true)
public class ShopService {
    private final ProductRepository products;
    private final InventoryRepository inventory;
    private final PaymentRepository payments;

    public ShopService(ProductRepository products, InventoryRepository inventory, PaymentRepository payments) {
        this.products = products;
        this.inventory = inventory;
        this.payments = payments;
    }

    /** The catalogue, read on a replica. */
    public List<Product> catalogue() {
        return products.findAllByOrderByNameAsc();
    }

    /** A product page: the product read on a replica, its stock (critical) on the primary. */
    public ProductPage page(long productId) {
        Product p = product(productId);
        return new ProductPage(p.getId(), p.getName(), p.getPrice(), inventory.quantity(productId));
    }

    /** Items in stock, read on the primary. */
    public int stock(long productId) {
        return inventory.quantity(productId);
    }

    /** Total paid for a product, read on the primary. */
    public BigDecimal revenue(long productId) {
        return payments.revenue(productId);
    }

    /** A new product with its initial stock: one write transaction on the primary. */
    @Transactional
    public Product addProduct(String name, BigDecimal price, int stock) {
        Product p = products.save(new Product(name, price));
        inventory.add(p.getId(), stock);
        return p;
    }

    /** Changes a price; Hibernate writes the change when the transaction commits, on the primary. */
    @Transactional
    public void reprice(long productId, BigDecimal price) {
        product(productId).setPrice(price);
    }

    /**
     * Sells {@code quantity} items: reads the product, takes the stock, records the payment. The first statement
     * is a read, yet it runs on the primary with the rest, in one transaction.
     *
     * @throws OutOfStockException when there are fewer items; nothing is written then
     */
    @Transactional
    public Receipt buy(long productId, int quantity) {
        Product p = product(productId);
        if (!inventory.take(productId, quantity)) {
            throw new OutOfStockException(p.getName(), quantity);
        }
        BigDecimal amount = p.getPrice().multiply(BigDecimal.valueOf(quantity));
        long paymentId = payments.record(productId, quantity, amount);
        return new Receipt(paymentId, p.getName(), quantity, amount);
    }

    private Product product(long productId) {
        return products.findById(productId).orElseThrow(() -> new NoSuchElementException("no product " + productId));
    }
}
