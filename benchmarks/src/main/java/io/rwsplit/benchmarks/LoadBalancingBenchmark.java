package io.rwsplit.benchmarks;

import io.rwsplit.driver.RwSplitDriver;
import io.rwsplit.fixtures.stub.StubDriver;
import io.rwsplit.fixtures.stub.StubNode;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * Load balancing with one slow replica: a primary and three replicas of the fixtures' stub driver (no I/O), two
 * replicas answering in {@code fastMicros}, one in {@code slowMicros}; {@value #THREADS} threads, each with its own
 * rwsplit connection, run autocommit point reads. Throughput and latency percentiles (p99 in the JSON under
 * {@code scorePercentiles}) for least-outstanding, round-robin and random. After each trial the reads each
 * replica served are printed.
 *
 * <p>Run: {@code cd benchmarks && java -jar target/benchmarks.jar LoadBalancingBenchmark -rf json
 * -rff results/loadbalancing.json} (or {@code ./run.sh}).
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(LoadBalancingBenchmark.THREADS)
public class LoadBalancingBenchmark {
    static final int THREADS = 8;

    @State(Scope.Benchmark)
    public static class Cluster {
        @Param({"least-outstanding", "round-robin", "random"})
        public String loadBalance;

        @Param({"100"})
        public long fastMicros;

        @Param({"10000"})
        public long slowMicros;

        String url;
        StubNode[] replicas;

        @Setup(Level.Trial)
        public void setUp() {
            StubDriver.register();
            StubDriver d = StubDriver.shared();
            d.node("primary", 1).setLatencyNanos(TimeUnit.MICROSECONDS.toNanos(fastMicros));
            replicas = new StubNode[] {d.node("replica1", 2), d.node("replica2", 3), d.node("slow", 4)};
            for (int i = 0; i < replicas.length; i++) {
                replicas[i].resetSettings();
                replicas[i].setLatencyNanos(TimeUnit.MICROSECONDS.toNanos(i == 2 ? slowMicros : fastMicros));
            }
            url = "jdbc:rwsplit:stub://primary:1,replica1:2,replica2:3,slow:4/bench?loadBalance=" + loadBalance
                    + "&poolMaxSize=" + (THREADS + 4) + "&poolMinIdle=" + THREADS;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            StringBuilder sb = new StringBuilder("reads per replica (" + loadBalance + "):");
            for (StubNode n : replicas) {
                sb.append(' ').append(n.id()).append('=').append(n.executedCount());
            }
            System.out.println(sb);
            RwSplitDriver.closeAll();
            StubDriver.deregister();
        }
    }

    @State(Scope.Thread)
    public static class Session {
        Connection conn;
        PreparedStatement select;
        int next;

        @Setup(Level.Trial)
        public void setUp(Cluster cluster) throws SQLException {
            conn = DriverManager.getConnection(cluster.url, "app", "");
            select = conn.prepareStatement("SELECT id, name, qty FROM item WHERE id = ?");
        }

        @TearDown(Level.Trial)
        public void tearDown() throws SQLException {
            select.close();
            conn.close();
        }
    }

    @Benchmark
    public int read(Session s) throws SQLException {
        s.select.setInt(1, (s.next = (s.next + 1) & 1023));
        try (ResultSet rs = s.select.executeQuery()) {
            return rs.next() ? rs.getInt(1) : -1;
        }
    }
}
