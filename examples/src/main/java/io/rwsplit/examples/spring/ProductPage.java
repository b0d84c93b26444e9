package io.rwsplit.examples.spring;

import java.math.BigDecimal;

/** What a product page shows. */
public record ProductPage(long id, String name, BigDecimal price, int inStock) {
}
