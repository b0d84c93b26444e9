package io.rwsplit.benchmarks;

import static io.rwsplit.benchmarks.LagReactionBenchmark.AWAIT;

import io.rwsplit.driver.RwSplitConnection;
import io.rwsplit.routing.Reason;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Why this exists: {@link LagReactionBenchmark} measures when reads change their way, so every read must say where it
 * went, and a read that went elsewhere for a reason other than staleness must fail the benchmark rather than count.
 * These are its reads on the rwsplit connection: one read and its {@link Route}, reads until they go one way, reads
 * that went the wrong way over a time, and settling into one way before a shot.
 */
final class ReadRoutes {
    /** Where the last read went. */
    enum Route {
        /** Served by the replica. */
        REPLICA,
        /** Ran on the primary because the replica is too stale. */
        AVOIDED
    }

    private final PreparedStatement read;
    private final RwSplitConnection rw;
    private final String replicaId;
    private final long probeIntervalMillis;
    private final Supplier<Throwable> writerFailure;

    /**
     * @param read           {@code SELECT n FROM lag_tick WHERE id = 1} on the rwsplit connection {@code rw}
     * @param replicaId      the replica's address, as {@link RwSplitConnection#lastNode()} names it
     * @param writerFailure  what stopped the writer on the primary, if anything (for the timeout message)
     */
    ReadRoutes(PreparedStatement read, RwSplitConnection rw, String replicaId, long probeIntervalMillis,
               Supplier<Throwable> writerFailure) {
        this.read = read;
        this.rw = rw;
        this.replicaId = replicaId;
        this.probeIntervalMillis = probeIntervalMillis;
        this.writerFailure = writerFailure;
    }

    /** One read; where it went. A read that went elsewhere for a reason other than staleness is an error. */
    Route readOnce() throws SQLException {
        try (ResultSet rs = read.executeQuery()) {
            if (!rs.next() || rs.getLong(1) < 0) {
                throw new IllegalStateException("lag_tick lost its row on " + rw.lastNode());
            }
        }
        String node = rw.lastNode();
        Reason reason = rw.lastReason();
        if (replicaId.equals(node) && reason == Reason.READ) {
            return Route.REPLICA;
        }
        if (reason == Reason.ALL_REPLICAS_STALE) {
            return Route.AVOIDED;
        }
        throw new IllegalStateException("a read went to " + node + " (" + (reason == null ? "?" : reason.code())
                + "), which is not a staleness decision; replica " + replicaId + ", lag " + rw.replicaLagMillis());
    }

    /** Reads until one goes the {@code wanted} way; returns the reads made. */
    long readUntil(Route wanted) throws SQLException {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        long reads = 0;
        while (true) {
            reads++;
            if (readOnce() == wanted) {
                return reads;
            }
            if ((reads & 63) == 0 && System.nanoTime() - deadline > 0) {
                Throwable w = writerFailure.get();
                throw new IllegalStateException("no read went " + wanted + " within " + AWAIT + "; lag "
                        + rw.replicaLagMillis() + (w == null ? "" : "; the writer failed: " + w), w);
            }
        }
    }

    /** Reads for {@code nanos}; returns how many reads did not go the {@code expected} way. */
    long wrongReadsWithin(Route expected, long nanos) throws SQLException {
        long until = System.nanoTime() + nanos;
        long wrong = 0;
        while (System.nanoTime() - until < 0) {
            if (readOnce() != expected) {
                wrong++;
            }
        }
        return wrong;
    }

    /** Reads for two probe intervals after a shot; returns how many did not go the {@code expected} way. */
    long wrongReadsAfterShot(Route expected) throws SQLException {
        return wrongReadsWithin(expected, TimeUnit.MILLISECONDS.toNanos(2 * probeIntervalMillis));
    }

    /**
     * Reads until they go the {@code wanted} way, then goes on reading for a random part of a probe interval,
     * during which every read must go that way too. The random part puts the next shot at a random point of
     * the probe schedule, as a real lag episode would be: without it, a shot would start right after the
     * probe that brought the previous state about, always at the same point of the schedule.
     */
    void settle(Route wanted) throws SQLException {
        long phase = ThreadLocalRandom.current().nextLong(TimeUnit.MILLISECONDS.toNanos(probeIntervalMillis));
        for (int attempt = 0; attempt < 20; attempt++) {
            readUntil(wanted);
            if (wrongReadsWithin(wanted, phase) == 0) {
                return;
            }
        }
        throw new IllegalStateException("reads do not stay " + wanted + "; lag " + rw.replicaLagMillis());
    }
}
