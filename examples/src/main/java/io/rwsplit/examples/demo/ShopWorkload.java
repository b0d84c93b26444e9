package io.rwsplit.examples.demo;

import io.rwsplit.fixtures.Flavor;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * A small shop running through one rwsplit {@link DataSource}: shoppers browse the catalogue ({@code products}, read
 * on replicas), buyers check stock and buy ({@code inventory} and {@code payments} are critical tables: primary
 * only, purchases in transactions), and a merchant changes prices and reads them back at once (read-your-writes).
 *
 * <p>Each operation takes a connection from the data source and gives it back, as a request of a web application
 * would. Failures are counted by SQLState, never thrown: the demo keeps going while nodes die.
 *
 * <p>This class runs the workers; {@link ShopSchema} creates the tables, {@link ShopOperations} are what the workers
 * do, and {@link WorkloadFigures} counts it all.
 */
final class ShopWorkload implements AutoCloseable {

    /** The operations of the shop, each counted separately. */
    enum Op {
        /** One product by id: an autocommit read (replica). */
        BROWSE("browse"),
        /** A search over the catalogue: an autocommit read (replica). */
        SEARCH("search"),
        /** Two catalogue reads in one read-only transaction (one replica). */
        READ_ONLY_TX("read-only tx"),
        /** Stock of one product: a read of a critical table (primary). */
        STOCK_CHECK("stock check"),
        /** Locks the stock row, decrements it, records a payment: a transaction (primary). */
        PURCHASE("purchase"),
        /** Updates a price, then reads it back in the same session: it must see its own write. */
        PRICE_CHANGE("price change");

        final String label;

        Op(String label) {
            this.label = label;
        }

        boolean writes() {
            return this == PURCHASE || this == PRICE_CHANGE;
        }
    }


    static final int PRODUCTS = 50;
    static final int INITIAL_STOCK = 1000;

    private final DataSource ds;
    private final Flavor flavor;
    private final WorkloadFigures figures;
    private final ShopOperations operations;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    /**
     * @param events told about failures and the first write after a mark (at most one line per SQLState and operation every few seconds)
     */
    ShopWorkload(DataSource ds, Flavor flavor, Consumer<String> events) {
        this.ds = ds;
        this.flavor = flavor;
        this.figures = new WorkloadFigures(events);
        this.operations = new ShopOperations(ds, figures);
    }

    /** Creates and fills the shop's tables through rwsplit (DDL and inserts run on the primary). */
    void createSchema() throws SQLException {
        ShopSchema.create(ds, flavor);
    }

    /**
     * Runs each operation once, so that the first seconds of the scenario are not spent loading classes and parsing
     * SQL for the first time. Not counted.
     */
    void warmUp() throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 20; i++) {
            operations.shop(random);
            operations.buy(random);
        }
        operations.priceChange();
        figures.resetCounts();
    }

    /** Starts the shoppers (2), buyers (2) and the merchant (1). */
    void start() {
        running = true;
        for (int i = 1; i <= 2; i++) {
            threads.add(worker("shopper-" + i, 10, operations::shop));
        }
        for (int i = 1; i <= 2; i++) {
            threads.add(worker("buyer-" + i, 20, operations::buy));
        }
        threads.add(worker("merchant", 150, c -> operations.priceChange()));
        threads.forEach(Thread::start);
    }

    private interface Step {
        void run(ThreadLocalRandom random) throws SQLException;
    }

    private Thread worker(String name, long pauseMillis, Step step) {
        Thread t = new Thread(() -> {
            while (running) {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                long pause = pauseMillis;
                try {
                    step.run(random);
                } catch (SQLException e) {
                    pause = Math.max(pause, 100); // back off a little while a node is down
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(pause / 2 + random.nextLong(pause + 1));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "demo-" + name);
        t.setDaemon(true);
        return t;
    }

    /** From now on, the first successful write is recorded ({@link #firstWriteOkSinceMark()}). */
    void markWrites(long wallMillis) {
        figures.markWrites(wallMillis);
    }

    /** Wall-clock millis of the first successful write after {@link #markWrites}, 0 if none yet. */
    long firstWriteOkSinceMark() {
        return figures.firstWriteOkSinceMark();
    }

    // ------------------------------------------------------------------ figures

    /** Successful operations of each kind so far. */
    Map<Op, Long> ok() {
        return figures.ok();
    }

    /** Failed operations of each kind so far. */
    Map<Op, Long> failed() {
        return figures.failed();
    }

    long okTotal() {
        return figures.okTotal();
    }

    long failedTotal() {
        return figures.failedTotal();
    }

    Map<String, Long> errorsBySqlState() {
        return figures.errorsBySqlState();
    }

    /** The first message of each kind of failure, by {@code "<operation> <SQLState>"}. */
    Map<String, String> errorExamples() {
        return figures.errorExamples();
    }

    long readYourWritesViolations() {
        return figures.readYourWritesViolations();
    }

    /** Wall-clock millis of the last successful write, 0 before the first. */
    long lastWriteOkAt() {
        return figures.lastWriteOkAt();
    }

    /** Stops the workers and waits for them (each finishes the operation it is in). */
    @Override
    public void close() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
