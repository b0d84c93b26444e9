package io.rwsplit.driver.it;

import io.rwsplit.driver.RwSplitDataSource;
import io.rwsplit.driver.internal.Node;
import io.rwsplit.fixtures.ReplicationTopology;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The load of a grey-failure scenario: autocommit readers in short sessions (20 reads each, so every session is
 * balanced afresh), autocommit writers of uniquely keyed rows (each call recorded in a {@link WriteLedger}), and a
 * watcher that records every node's breaker state. Started with {@link #start}, stopped with {@link #close}; what
 * happened is in its fields.
 */
final class GreyLoad implements AutoCloseable {
    /** One read call: when it ran, which server answered (-1: failed), and its error. */
    record Read(long start, long end, int port, SQLException error) {
        long millis() {
            return (end - start) / 1_000_000;
        }
    }

    final ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
    final WriteLedger ledger = new WriteLedger();
    /** Breaker states other than CLOSED seen on any node: "node state". */
    final ConcurrentLinkedQueue<String> breakerOpenings = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Throwable> crash = new AtomicReference<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong nextId;

    private GreyLoad(long firstId) {
        this.nextId = new AtomicLong(firstId);
    }

    /**
     * Starts {@code readers} reader threads and {@code writers} writer threads on {@code ds}, writing ids from
     * {@code firstId} into {@code table}.
     */
    static GreyLoad start(RwSplitDataSource ds, ReplicationTopology t, int readers, int writers, String table,
                          long firstId) {
        GreyLoad load = new GreyLoad(firstId);
        String sql = "SELECT " + t.serverPortExpression() + " FROM products WHERE id = 1";
        for (int r = 0; r < readers; r++) {
            load.spawn("grey-reader-" + r, () -> load.readLoop(ds, sql));
        }
        for (int w = 0; w < writers; w++) {
            int writer = w + 1;
            load.spawn("grey-writer-" + writer, () -> load.writeLoop(ds, table, writer));
        }
        load.spawn("grey-breakers", () -> load.watchBreakers(ds));
        return load;
    }

    private void spawn(String name, Runnable body) {
        Thread th = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                crash.compareAndSet(null, e);
            }
        }, name);
        threads.add(th);
        th.start();
    }

    private void readLoop(RwSplitDataSource ds, String sql) {
        while (!stop.get()) {
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < 20 && !stop.get(); i++) {
                    long start = System.nanoTime();
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        reads.add(new Read(start, System.nanoTime(), rs.getInt(1), null));
                    } catch (SQLException e) {
                        reads.add(new Read(start, System.nanoTime(), -1, e));
                    }
                }
            } catch (SQLException e) {
                // getConnection or close: not a read; the next session tries again.
                LockSupport.parkNanos(1_000_000);
            }
        }
    }

    private void writeLoop(RwSplitDataSource ds, String table, int writer) {
        while (!stop.get()) {
            try (Connection c = ds.getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, writer) VALUES (?, ?)")) {
                for (int i = 0; i < 50 && !stop.get(); i++) {
                    long id = nextId.getAndIncrement();
                    long start = System.nanoTime();
                    try {
                        ps.setLong(1, id);
                        ps.setInt(2, writer);
                        ps.executeUpdate();
                        ledger.record(new WriteLedger.Call(id, start, System.nanoTime(), null));
                    } catch (SQLException e) {
                        ledger.record(new WriteLedger.Call(id, start, System.nanoTime(), e));
                    }
                    LockSupport.parkNanos(2_000_000); // the pace of a writer: about 300 writes per second
                }
            } catch (SQLException e) {
                LockSupport.parkNanos(1_000_000);
            }
        }
    }

    private void watchBreakers(RwSplitDataSource ds) {
        while (!stop.get()) {
            try {
                for (Node n : ds.cluster().nodes()) {
                    if (!"CLOSED".equals(n.breakerState())) {
                        breakerOpenings.add(n.id() + " " + n.breakerState());
                    }
                }
            } catch (SQLException e) {
                crash.compareAndSet(null, e);
                return;
            }
            LockSupport.parkNanos(20_000_000); // the sampling period of the watcher
        }
    }

    /** Failed reads. */
    List<Read> failedReads() {
        List<Read> out = new ArrayList<>();
        for (Read r : reads) {
            if (r.error() != null) {
                out.add(r);
            }
        }
        return out;
    }

    /** The slowest read call, or null. */
    Read slowestRead() {
        Read best = null;
        for (Read r : reads) {
            if (best == null || r.end() - r.start() > best.end() - best.start()) {
                best = r;
            }
        }
        return best;
    }

    /** Successful reads by the port that served them. */
    Map<Integer, Long> readsPerPort() {
        Map<Integer, Long> m = new TreeMap<>();
        for (Read r : reads) {
            if (r.error() == null) {
                m.merge(r.port(), 1L, Long::sum);
            }
        }
        return m;
    }

    /** Reads served by {@code port} that started within [{@code from}, {@code to}). */
    long readsOn(int port, long from, long to) {
        long n = 0;
        for (Read r : reads) {
            if (r.port() == port && r.start() >= from && r.start() < to) {
                n++;
            }
        }
        return n;
    }

    /** The start of the first read served by {@code port} at or after {@code from}, or Long.MAX_VALUE. */
    long firstReadOn(int port, long from) {
        long first = Long.MAX_VALUE;
        for (Read r : reads) {
            if (r.port() == port && r.start() >= from) {
                first = Math.min(first, r.start());
            }
        }
        return first;
    }

    /** Write calls that started within [{@code from}, {@code to}): {ok, failed}. */
    long[] writesBetween(long from, long to) {
        long ok = 0;
        long failed = 0;
        for (WriteLedger.Call c : ledger.calls) {
            if (c.start() >= from && c.start() < to) {
                if (c.error() == null) {
                    ok++;
                } else {
                    failed++;
                }
            }
        }
        return new long[] {ok, failed};
    }

    /** Failed writes whose error lacks SQLState class 08 or a stated outcome, described. */
    List<String> writesFailedWithoutOutcome() {
        List<String> bad = new ArrayList<>();
        for (WriteLedger.Call c : ledger.calls) {
            if (c.error() != null && (!FailureSupport.isClass08(c.error()) || !FailureSupport.statesOutcome(c.error()))) {
                bad.add(FailureSupport.describe(c.error()));
            }
        }
        return bad;
    }

    /** The start of the first acknowledged write at or after {@code from}, or Long.MAX_VALUE. */
    long firstAckedWrite(long from) {
        long first = Long.MAX_VALUE;
        for (WriteLedger.Call c : ledger.calls) {
            if (c.error() == null && c.end() >= from) {
                first = Math.min(first, c.end());
            }
        }
        return first;
    }

    /** Throws what a load thread died of, if anything. */
    void rethrowCrash() {
        Throwable e = crash.get();
        if (e != null) {
            throw new AssertionError("a load thread crashed", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread th : threads) {
            th.join();
        }
    }
}
