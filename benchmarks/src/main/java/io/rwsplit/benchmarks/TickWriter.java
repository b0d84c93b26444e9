package io.rwsplit.benchmarks;

import io.rwsplit.fixtures.DbNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Why this exists: a replica whose apply is paused is stale only while the primary commits, so
 * {@link LagReactionBenchmark} needs commits on the primary all the time. This is a daemon thread that commits a
 * one-row update of {@code lag_tick} (row 1) on the primary every {@code writeIntervalMs}, catching up when it falls
 * behind, and keeps the failure that stopped it for the benchmark to report.
 */
final class TickWriter {
    private final Thread thread;
    private volatile boolean stop;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private TickWriter(DbNode primary, int writeIntervalMs) {
        long pace = TimeUnit.MILLISECONDS.toNanos(writeIntervalMs);
        thread = new Thread(() -> {
            try (Connection c = primary.appConnection();
                 PreparedStatement up = c.prepareStatement("UPDATE lag_tick SET n = n + 1 WHERE id = 1")) {
                long next = System.nanoTime();
                while (!stop) {
                    up.executeUpdate();
                    next += pace;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    } else {
                        next = System.nanoTime();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                failure.set(e);
            }
        }, "lag-reaction-writer");
        thread.setDaemon(true);
    }

    static TickWriter start(DbNode primary, int writeIntervalMs) {
        TickWriter w = new TickWriter(primary, writeIntervalMs);
        w.thread.start();
        return w;
    }

    /** What ended the writer, null while it runs. */
    Throwable failure() {
        return failure.get();
    }

    /** Asks the writer to stop and waits up to 10 s for it. */
    void stop() {
        stop = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
