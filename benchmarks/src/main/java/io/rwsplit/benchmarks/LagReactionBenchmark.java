package io.rwsplit.benchmarks;

import io.rwsplit.benchmarks.ReadRoutes.Route;
import io.rwsplit.driver.RwSplitConnection;
import io.rwsplit.driver.RwSplitDataSource;
import io.rwsplit.fixtures.DbNode;
import io.rwsplit.fixtures.FixturePaths;
import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.mariadb.MariaDbTopology;
import io.rwsplit.fixtures.postgres.PostgresTopology;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Lag reaction on a real topology: how long after a replica stops applying replication its reads stop, and how long
 * after it resumes they come back.
 *
 * <p>Per trial (one JMH fork per vendor and method): a fixtures topology of a primary and <em>one</em> replica on
 * loopback ({@code postgresql}: streaming replication; {@code mariadb}: binlog replication); a writer thread on the
 * primary committing a single-row update every {@code writeIntervalMs} (without commits on the primary a paused
 * replica is not stale); one rwsplit connection over both nodes with {@code maxReplicaLag} and
 * {@code readYourWrites=off}. The benchmark thread reads one row in a loop without pause (some 5-40 reads per
 * millisecond here) and asks the connection where each read went ({@link RwSplitConnection#lastNode()},
 * {@link RwSplitConnection#lastReason()}).
 *
 * <ul>
 *   <li>{@code staleToAvoided}: before the shot, apply runs and the replica serves the reads (awaited). The shot
 *       pauses apply on the replica (the fixture's {@code pauseApply}: {@code pg_wal_replay_pause()} or
 *       {@code STOP SLAVE SQL_THREAD}), commits one update on the primary, and reads until a read runs on the
 *       primary because the replica is stale (reason {@code all-replicas-stale}). The shot's own commit makes the
 *       replica lack a commit from the injection on even when the writer is momentarily held up (on a loaded
 *       machine a commit can take a few hundred milliseconds); without it such a stall would be counted as
 *       reaction time, though a replica that misses nothing is rightly not stale.</li>
 *   <li>{@code recoveredToServing}: before the shot, apply is paused and reads avoid the replica (awaited; the
 *       backlog is then about {@code maxReplicaLag} of writes). The shot resumes apply and reads until a read is
 *       served by the replica again.</li>
 * </ul>
 * The clock starts before the fixture call that injects the change, so that call (it opens a connection to the
 * replica, and for PostgreSQL waits until replay reports itself paused) and, for {@code staleToAvoided}, the commit
 * are inside the figure: the figures are upper bounds. Each shot starts after a random part of a probe interval, so
 * that shots fall at random points of the probe schedule as real lag does; otherwise every shot would start right
 * after the probe that ended the previous state, always at the same point of the schedule, and the figures would
 * cluster at the ends of their range.
 *
 * <p>Secondary results, one value per shot in the JSON's {@code rawData} (JMH's "score" of these is their sum):
 * {@code injectionMs}, the part of the shot spent in the injection; {@code loopReads}, the reads of the shot (its
 * read rate is {@code loopReads} over the shot time); {@code probeIntervalMs}, the probe interval in effect; and
 * {@code wrongReads}, explained below, expected 0.
 *
 * <p>What the figures are made of. rwsplit takes a replica's staleness to be {@code now - f}, where {@code f} is the
 * time of the newest primary position sample (one per probe interval) the replica has been seen to have applied,
 * and avoids the replica once that exceeds {@code maxReplicaLag}. When apply stops, {@code f} stops at the last
 * sample the replica had applied before the stop, which is then between 0 and one probe interval old, plus however
 * far the replica was already behind (milliseconds when the machine is quiet; on a loaded one a shot now and then
 * starts with the replica, or its probe, another interval late). So {@code staleToAvoided} is {@code maxReplicaLag}
 * minus up to one probe interval (minus any lag the replica already had), plus the injection and one read: about
 * {@code maxReplicaLag - probeInterval} to {@code maxReplicaLag + injectionMs}. (The
 * bounded-staleness guarantee, data no older than {@code maxReplicaLag} plus one probe interval, is about the age of
 * data served, not about this reaction: the replica's clock starts before the injection, not after.)
 * {@code recoveredToServing} is the injection, the catch-up (tens of milliseconds here: the replica is admitted again
 * once a probe finds it at or below the readmission level, {@code maxReplicaLag} minus one probe interval and at most
 * 80% of it, which may be before it has applied the whole backlog),
 * and the wait for the replica's next probe, up to one probe interval; one more interval when that probe comes a
 * little too early in the catch-up. The probe interval is the driver's default unless the URL sets it: a quarter of
 * {@code maxReplicaLag}, at most 250 ms (125 ms for 500 ms).
 *
 * <p>"No reads on the stale replica" begins with the first read that avoids it: the staleness gate has hysteresis
 * (a replica excluded above {@code maxReplicaLag} is admitted again only at or below the readmission level), and a
 * paused replica's staleness only grows, since it cannot be seen to have applied a sample taken after it stopped.
 * Once avoided, it gets no read until it has caught up. This is checked rather than assumed: after each shot the
 * loop goes on for two probe intervals and counts, as {@code wrongReads}, reads that went back to the paused replica
 * (or, after recovery, reads that left the replica again). The second kind was seen before the readmission level
 * took the probe interval into account: a replica readmitted at 80% of the bound (400 ms for 500 ms) crossed the
 * bound again before its next probe, 125 ms later, could show its progress.
 *
 * <p>Why {@code readYourWrites=off}: this measures the staleness gate alone. With session guarantees a connection that
 * read on the primary moves back to a replica only after proving its freshness floor there (one or two queries, see
 * {@code SessionFreshness} and the README's "How a floor is learnt and proven"), which would add the floor's
 * reaction to the gate's. Why one replica: every read it does not serve is then a staleness decision by construction
 * (reason {@code all-replicas-stale}); with two, the load balancer may send a read to the other replica for reasons
 * of its own. A read that goes elsewhere for any other reason fails the benchmark.
 *
 * <p>Run: {@code cd benchmarks && java -Djava.io.tmpdir=target/tmp -jar target/benchmarks.jar LagReactionBenchmark
 * -rf json -rff results/lagreaction.json} (or {@code ./run.sh}; {@code -p vendor=mariadb} for one vendor,
 * {@code -i 5} for fewer shots).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 20)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx512m"})
public class LagReactionBenchmark {

    /** Longest wait for any awaited condition before the benchmark fails. */
    static final Duration AWAIT = Duration.ofSeconds(30);

    /** The topology, the writer and the rwsplit connection: started once per trial. */
    @State(Scope.Benchmark)
    public static class Replication {
        @Param({"postgresql", "mariadb"})
        public String vendor;

        /** The staleness bound, as written in the URL. */
        @Param({"500ms"})
        public String maxReplicaLag;

        /** Pace of the writer on the primary. */
        @Param({"10"})
        public int writeIntervalMs;

        ReplicationTopology topology;
        DbNode replica;
        long probeIntervalMillis;
        /** The benchmark thread's reads on the rwsplit connection, and where each went. */
        ReadRoutes reads;

        private Connection primaryConnection;
        private PreparedStatement mark;
        private RwSplitDataSource dataSource;
        private Connection connection;
        private TickWriter writer;

        @Setup(Level.Trial)
        public void start() throws SQLException {
            String name = vendor.toLowerCase(Locale.ROOT);
            Path dir = FixturePaths.topologiesDir().resolve(name + "-lagreaction");
            switch (name) {
                case "postgresql":
                    topology = PostgresTopology.start(dir, 1);
                    break;
                case "mariadb":
                    topology = MariaDbTopology.start(dir, 1);
                    break;
                default:
                    throw new IllegalArgumentException("vendor '" + vendor
                            + "' is not known; accepted: postgresql, mariadb");
            }
            try {
                replica = topology.replicas().get(0);
                try (Connection c = topology.primary().appConnection(); Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS lag_tick");
                    s.execute("CREATE TABLE lag_tick (id INT PRIMARY KEY, n BIGINT NOT NULL)");
                    s.execute("INSERT INTO lag_tick (id, n) VALUES (1, 0), (2, 0)");
                }
                primaryConnection = topology.primary().appConnection();
                mark = primaryConnection.prepareStatement("UPDATE lag_tick SET n = n + 1 WHERE id = 2");
                topology.awaitReplication(AWAIT);
                writer = TickWriter.start(topology.primary(), writeIntervalMs);
                dataSource = new RwSplitDataSource();
                // lagAlert far above what the benchmark injects: a WARN line per shot says nothing here.
                dataSource.setUrl(topology.rwsplitUrl("maxReplicaLag=" + maxReplicaLag
                        + "&readYourWrites=off&lagAlert=10m"));
                dataSource.setUsername(topology.appUser());
                dataSource.setPassword(topology.appPassword());
                probeIntervalMillis = dataSource.cluster().config().probeIntervalMillis();
                connection = dataSource.getConnection();
                reads = new ReadRoutes(connection.prepareStatement("SELECT n FROM lag_tick WHERE id = 1"),
                        connection.unwrap(RwSplitConnection.class), replica.address(), probeIntervalMillis,
                        writer::failure);
            } catch (SQLException | RuntimeException e) {
                stop();
                throw e;
            }
        }

        @TearDown(Level.Trial)
        public void stop() {
            if (writer != null) {
                writer.stop();
            }
            for (Connection c : new Connection[] {connection, primaryConnection}) {
                try {
                    if (c != null) {
                        c.close();
                    }
                } catch (SQLException e) {
                    // the topology goes away next
                }
            }
            if (dataSource != null) {
                dataSource.close();
            }
            if (topology != null) {
                topology.close();
            }
        }

        /**
         * One commit on the primary (autocommit, row 2; the writer updates row 1), so that a replica paused just
         * before it lacks a commit from this instant on, whatever the writer's pace is doing at that moment.
         */
        void commitOnPrimary() throws SQLException {
            mark.executeUpdate();
        }

        void checkWriter() {
            Throwable w = writer.failure();
            if (w != null) {
                throw new IllegalStateException("the writer on the primary failed", w);
            }
        }
    }

    /**
     * Per-shot figures as JMH secondary results (in the JSON under {@code secondaryMetrics}; one value per shot in
     * {@code rawData}).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Shot {
        /** Time spent injecting: the fixture call that paused or resumed apply, and the commit after a pause. */
        public double injectionMs;
        /** Reads the measured loop made. */
        public long loopReads;
        /** Reads after the shot, during two probe intervals, that went the other way (expected 0). */
        public long wrongReads;
        /** The probe interval in effect. */
        public long probeIntervalMs;

        @Setup(Level.Iteration)
        public void clear() {
            injectionMs = 0;
            loopReads = 0;
            wrongReads = 0;
            probeIntervalMs = 0;
        }
    }

    /** What both shot states keep: the topology, and this shot's figures to complete after the shot. */
    abstract static class ShotState {
        Replication replication;
        /** This shot's figures, handed over by the benchmark method (JMH injects aux counters only there). */
        Shot shot;

        /** Counts the reads after the shot that did not go where {@code expected} says, and notes the interval. */
        final void recordAfterShot(Route expected) throws SQLException {
            shot.wrongReads = replication.reads.wrongReadsAfterShot(expected);
            shot.probeIntervalMs = replication.probeIntervalMillis;
        }
    }

    /** For {@code staleToAvoided}: apply runs and the replica serves reads before the shot. */
    @State(Scope.Thread)
    public static class FreshReplica extends ShotState {
        @Setup(Level.Invocation)
        public void replicaServes(Replication r) throws SQLException {
            replication = r;
            r.checkWriter();
            r.topology.awaitReplication(AWAIT);
            r.reads.settle(Route.REPLICA);
        }

        @TearDown(Level.Invocation)
        public void resume() throws SQLException {
            try {
                recordAfterShot(Route.AVOIDED);
            } finally {
                replication.topology.resumeApply(replication.replica);
            }
        }
    }

    /** For {@code recoveredToServing}: apply is paused and reads avoid the replica before the shot. */
    @State(Scope.Thread)
    public static class StaleReplica extends ShotState {
        @Setup(Level.Invocation)
        public void replicaAvoided(Replication r) throws SQLException {
            replication = r;
            r.checkWriter();
            r.topology.awaitReplication(AWAIT);
            r.topology.pauseApply(r.replica);
            r.reads.settle(Route.AVOIDED);
        }

        @TearDown(Level.Invocation)
        public void check() throws SQLException {
            recordAfterShot(Route.REPLICA);
        }
    }

    @Benchmark
    public long staleToAvoided(Replication r, FreshReplica fresh, Shot shot) throws SQLException {
        fresh.shot = shot;
        long t0 = System.nanoTime();
        r.topology.pauseApply(r.replica);
        r.commitOnPrimary();
        shot.injectionMs = (System.nanoTime() - t0) / 1e6;
        shot.loopReads = r.reads.readUntil(Route.AVOIDED);
        return shot.loopReads;
    }

    @Benchmark
    public long recoveredToServing(Replication r, StaleReplica stale, Shot shot) throws SQLException {
        stale.shot = shot;
        long t0 = System.nanoTime();
        r.topology.resumeApply(r.replica);
        shot.injectionMs = (System.nanoTime() - t0) / 1e6;
        shot.loopReads = r.reads.readUntil(Route.REPLICA);
        return shot.loopReads;
    }
}
