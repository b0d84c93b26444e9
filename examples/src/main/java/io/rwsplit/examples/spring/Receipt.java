package io.rwsplit.examples.spring;

import java.math.BigDecimal;

/** The outcome of a sale. */
public record Receipt(long paymentId, String product, int quantity, BigDecimal amount) {
}
