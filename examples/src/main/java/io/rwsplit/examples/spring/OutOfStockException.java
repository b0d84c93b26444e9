package io.rwsplit.examples.spring;

/** Fewer items in stock than asked for; the sale's transaction is rolled back. */
public class OutOfStockException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OutOfStockException(String product, int quantity) {
        super("fewer than " + quantity + " " + product + " in stock");
    }
}
