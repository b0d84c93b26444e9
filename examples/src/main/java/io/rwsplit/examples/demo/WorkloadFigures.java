package io.rwsplit.examples.demo;

import io.rwsplit.examples.demo.ShopWorkload.Op;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Why this exists: the demo shows what the application saw while nodes died, so every operation of the shop is
 * counted, never thrown past the workers. This runs an operation and counts it: successes and failures per
 * operation, failures by SQLState with the first message of each kind, read-your-writes violations, the last
 * successful write and the first one after a mark; and tells {@code events} about failures (at most one line per
 * SQLState and operation every few seconds) and about the first write after the mark.
 */
final class WorkloadFigures {
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

    WorkloadFigures(Consumer<String> events) {
        this.events = events;
        for (Op op : Op.values()) {
            ok.put(op, new LongAdder());
            failed.put(op, new LongAdder());
        }
    }

    /** An operation's work; it fails with the SQLException its statements threw. */
    interface Body {
        void run() throws SQLException;
    }

    /** Runs {@code op}, counts how it ended, and rethrows its failure. */
    void run(Op op, Body body) throws SQLException {
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

    void writeSucceeded() {
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

    /** The session read {@code read} back after writing {@code written}: counted, and told. */
    void readYourWritesViolation(long product, BigDecimal read, BigDecimal written) {
        readYourWritesViolations.increment();
        events.accept("READ-YOUR-WRITES VIOLATION: product " + product + " read " + read + " after writing "
                + written);
    }

    /** Forgets the successes and failures counted so far (after the warm-up). */
    void resetCounts() {
        for (Map<Op, LongAdder> m : List.of(ok, failed)) {
            m.values().forEach(LongAdder::reset);
        }
    }

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
}
