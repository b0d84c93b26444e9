package io.rwsplit.examples.demo;

import io.rwsplit.fixtures.Flavor;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * A small shop running through one rwsplit {@link DataSource}: shoppers browse the catalogue ({@code products}, read
 * on replicas), buyers check stock and buy ({@code inventory} and {@code payments} are critical tables: primary
 * only, purchases in transactions), and a merchant changes prices and reads them back at once (read-your-writes).
 *
 * <p>Each operation takes a connection from the data source and gives it back, as a request of a web application
 * would. Failures are counted by SQLState, never thrown: the demo keeps going while nodes die.
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
    private static final int INITIAL_STOCK = 1000;

    private final DataSource ds;
    private final Flavor flavor;
    private final Map<Op, LongAdder> ok = new EnumMap<>(Op.class);
    private final Map<Op, LongAdder> failed = new EnumMap<>(Op.class);
    private final Map<String, LongAdder> errorsBySqlState = new ConcurrentHashMap<>();
    /** The first message of each failure kind, by {@code "<operation> <SQLState>"}. */
    private final Map<String, String> errorExamples = new ConcurrentHashMap<>();
    private final LongAdder readYourWritesViolations = new LongAdder();
    /** Wall-clock millis of the last successful write (purchase or price change), 0 before the first. */
    private final AtomicLong lastWriteOkAt = new AtomicLong();
    /** Writes that succeed after this wall-clock millis are looked for; 0: none. */
    private volatile long mark;
    /** Wall-clock millis of the first successful write after {@link #mark}, 0 before it. */
    private final AtomicLong firstWriteOkSinceMark = new AtomicLong();
    private final Consumer<String> events;
    private final Map<String, Long> lastErrorEventAt = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    /**
     * @param events told about failures and the first write after a mark (at most one line per SQLState and operation every few seconds)
     */
    ShopWorkload(DataSource ds, Flavor flavor, Consumer<String> events) {
        this.ds = ds;
        this.flavor = flavor;
        this.events = events;
        for (Op op : Op.values()) {
            ok.put(op, new LongAdder());
            failed.put(op, new LongAdder());
        }
    }

    /** Creates and fills the shop's tables through rwsplit (DDL and inserts run on the primary). */
    void createSchema() throws SQLException {
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
                for (int id = 1; id <= PRODUCTS; id++) {
                    p.setLong(1, id);
                    p.setString(2, "product " + id);
                    p.setBigDecimal(3, BigDecimal.valueOf(100 + id * 37L % 900, 2));
                    p.addBatch();
                    i.setLong(1, id);
                    i.setInt(2, INITIAL_STOCK);
                    i.addBatch();
                }
                p.executeBatch();
                i.executeBatch();
            }
            c.commit();
        }
    }

    /**
     * Runs each operation once, so that the first seconds of the scenario are not spent loading classes and parsing
     * SQL for the first time. Not counted.
     */
    void warmUp() throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 20; i++) {
            shop(random);
            buy(random);
        }
        priceChange();
        for (Map<Op, LongAdder> m : List.of(ok, failed)) {
            m.values().forEach(LongAdder::reset);
        }
    }

    /** Starts the shoppers (2), buyers (2) and the merchant (1). */
    void start() {
        running = true;
        for (int i = 1; i <= 2; i++) {
            threads.add(worker("shopper-" + i, 10, this::shop));
        }
        for (int i = 1; i <= 2; i++) {
            threads.add(worker("buyer-" + i, 20, this::buy));
        }
        threads.add(worker("merchant", 150, c -> priceChange()));
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

    // ------------------------------------------------------------------ operations

    private void shop(ThreadLocalRandom random) throws SQLException {
        int dice = random.nextInt(10);
        if (dice < 7) {
            run(Op.BROWSE, () -> {
                try (Connection c = ds.getConnection();
                     PreparedStatement ps = c.prepareStatement("SELECT id, name, price FROM products WHERE id = ?")) {
                    ps.setLong(1, 1 + random.nextInt(PRODUCTS));
                    drain(ps);
                }
            });
        } else if (dice < 9) {
            run(Op.SEARCH, () -> {
                try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                        "SELECT id, name, price FROM products WHERE name LIKE ? ORDER BY price LIMIT 10")) {
                    ps.setString(1, "product " + (1 + random.nextInt(9)) + "%");
                    drain(ps);
                }
            });
        } else {
            run(Op.READ_ONLY_TX, () -> {
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

    private void buy(ThreadLocalRandom random) throws SQLException {
        long product = 1 + random.nextInt(PRODUCTS);
        if (random.nextBoolean()) {
            run(Op.STOCK_CHECK, () -> {
                try (Connection c = ds.getConnection();
                     PreparedStatement ps = c.prepareStatement("SELECT quantity FROM inventory WHERE product_id = ?")) {
                    ps.setLong(1, product);
                    drain(ps);
                }
            });
            return;
        }
        run(Op.PURCHASE, () -> {
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
                ps.setInt(1, INITIAL_STOCK);
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

    private void priceChange() throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long product = 1 + random.nextInt(PRODUCTS);
        BigDecimal price = BigDecimal.valueOf(100 + random.nextInt(100_000), 2);
        run(Op.PRICE_CHANGE, () -> {
            try (Connection c = ds.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE products SET price = ? WHERE id = ?")) {
                    ps.setBigDecimal(1, price);
                    ps.setLong(2, product);
                    ps.executeUpdate();
                }
                writeSucceeded();
                // The same session reads it back: rwsplit sends it to a replica that has applied the update, or
                // to the primary (reason read-your-writes). Never the old price.
                try (PreparedStatement ps = c.prepareStatement("SELECT price FROM products WHERE id = ?")) {
                    ps.setLong(1, product);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getBigDecimal(1).compareTo(price) != 0) {
                            readYourWritesViolations.increment();
                            events.accept("READ-YOUR-WRITES VIOLATION: product " + product + " read "
                                    + rs.getBigDecimal(1) + " after writing " + price);
                        }
                    }
                }
            }
        });
    }

    private void writeSucceeded() {
        long now = System.currentTimeMillis();
        lastWriteOkAt.set(now);
        if (mark != 0 && now >= mark && firstWriteOkSinceMark.compareAndSet(0, now)) {
            events.accept("first successful write after the primary's kill: " + String.format("%.1f", (now - mark) / 1000.0)
                    + " s after it");
        }
    }

    /** From now on, the first successful write is recorded ({@link #firstWriteOkSinceMark()}). */
    void markWrites(long wallMillis) {
        firstWriteOkSinceMark.set(0);
        mark = wallMillis;
    }

    /** Wall-clock millis of the first successful write after {@link #markWrites}, 0 if none yet. */
    long firstWriteOkSinceMark() {
        return firstWriteOkSinceMark.get();
    }

    private interface Body {
        void run() throws SQLException;
    }

    private void run(Op op, Body body) throws SQLException {
        try {
            body.run();
            ok.get(op).increment();
            if (op == Op.PURCHASE) {
                writeSucceeded();
            }
        } catch (SQLException e) {
            failed.get(op).increment();
            String state = e.getSQLState() == null ? "none" : e.getSQLState();
            errorsBySqlState.computeIfAbsent(state, k -> new LongAdder()).increment();
            String key = op.label + " " + state;
            errorExamples.putIfAbsent(key, String.valueOf(e.getMessage()));
            long now = System.currentTimeMillis();
            Long last = lastErrorEventAt.get(key);
            if (last == null || now - last > 5000) {
                lastErrorEventAt.put(key, now);
                events.accept(op.label + " failed, SQLState " + state + ": " + firstLine(e.getMessage()));
            }
            throw e;
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.lines().findFirst().orElse("");
        return line.length() > 110 ? line.substring(0, 107) + "..." : line;
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

    // ------------------------------------------------------------------ figures

    /** Successful operations of each kind so far. */
    Map<Op, Long> ok() {
        return snapshot(ok);
    }

    /** Failed operations of each kind so far. */
    Map<Op, Long> failed() {
        return snapshot(failed);
    }

    long okTotal() {
        return ok.values().stream().mapToLong(LongAdder::sum).sum();
    }

    long failedTotal() {
        return failed.values().stream().mapToLong(LongAdder::sum).sum();
    }

    Map<String, Long> errorsBySqlState() {
        Map<String, Long> m = new TreeMap<>();
        errorsBySqlState.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** The first message of each kind of failure, by {@code "<operation> <SQLState>"}. */
    Map<String, String> errorExamples() {
        return new TreeMap<>(errorExamples);
    }

    long readYourWritesViolations() {
        return readYourWritesViolations.sum();
    }

    /** Wall-clock millis of the last successful write, 0 before the first. */
    long lastWriteOkAt() {
        return lastWriteOkAt.get();
    }

    private static Map<Op, Long> snapshot(Map<Op, LongAdder> m) {
        Map<Op, Long> s = new EnumMap<>(Op.class);
        m.forEach((k, v) -> s.put(k, v.sum()));
        return s;
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
