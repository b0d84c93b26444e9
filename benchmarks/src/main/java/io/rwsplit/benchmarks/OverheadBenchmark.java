package io.rwsplit.benchmarks;

import io.rwsplit.benchmarks.support.Drivers;
import io.rwsplit.benchmarks.support.Target;
import io.rwsplit.benchmarks.support.ThreadCpu;
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

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * What rwsplit costs per statement, next to its raw twins (the plain vendor driver: {@code plain}, one connection to
 * the primary; {@code plain-split}, reads on a connection to a replica and writes on one to the primary, as an
 * application splitting by hand would do) and ShardingSphere-JDBC 5.5.2 readwrite-splitting over the same nodes. On a
 * real target a replica may answer a read in a different time than the primary does, so {@code plain-split} is the
 * like-for-like baseline for rwsplit's reads. Four operations:
 * <ul>
 *   <li>{@code pointSelectReused}: select by primary key on a statement prepared once;</li>
 *   <li>{@code updateReused}: single-row update on a statement prepared once;</li>
 *   <li>{@code prepareExecuteClose}: prepare, execute and close the point select each time;</li>
 *   <li>{@code newSqlText}: a point select whose SQL text is new each time (the id and a unique literal in the
 *       text), on a reused {@link Statement}: every classification or parse cache misses.</li>
 * </ul>
 * Targets: {@code h2} (three in-memory H2 databases: driver overhead dominates), {@code postgresql} or
 * {@code mariadb} (a real primary and two replicas on loopback, started per fork). Wall time per operation is the
 * score; {@code cpuNsPerOp} (CPU of the calling thread) is a secondary result; run with {@code -prof gc} for
 * allocation per operation.
 *
 * <p>Run: {@code cd benchmarks && java -Djava.io.tmpdir=target/tmp -jar target/benchmarks.jar OverheadBenchmark
 * -p target=h2,postgresql -prof gc -rf json -rff results/overhead.json} (or {@code ./run.sh}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class OverheadBenchmark {
    static final String POINT_SELECT = "SELECT id, name, qty FROM item WHERE id = ?";
    static final String UPDATE = "UPDATE item SET qty = ? WHERE id = ?";

    @Param({"h2", "postgresql"})
    public String target;

    @Param({"plain", "plain-split", "rwsplit", "shardingsphere"})
    public String driver;

    private Target nodes;
    private Drivers.Opened opened;
    private Connection conn;
    private Connection readConn;
    private PreparedStatement select;
    private PreparedStatement update;
    private Statement statement;
    private int next;
    private long unique;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        nodes = Target.start(target, "");
        opened = Drivers.open(driver, nodes);
        conn = opened.connection();
        readConn = opened.readConnection();
        select = readConn.prepareStatement(POINT_SELECT);
        update = conn.prepareStatement(UPDATE);
        statement = readConn.createStatement();
        // Every operation once, so that a broken configuration fails here, not in the middle of a measurement.
        if (pointSelectReused(null) < 0 || updateReused(null) != 1 || prepareExecuteClose(null) < 0
                || newSqlText(null) < 0) {
            throw new IllegalStateException("unexpected result on " + target + " through " + driver);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        try {
            select.close();
            update.close();
            statement.close();
            opened.close();
        } finally {
            nodes.close();
        }
    }

    private int nextId() {
        int id = next + 1;
        if (id == Target.ROWS) {
            id = 0;
        }
        next = id;
        return id;
    }

    private static void count(ThreadCpu cpu) {
        if (cpu != null) {
            cpu.op();
        }
    }

    private static int readRow(ResultSet rs) throws SQLException {
        try (rs) {
            return rs.next() ? rs.getInt(3) : -1;
        }
    }

    @Benchmark
    public int pointSelectReused(ThreadCpu cpu) throws SQLException {
        count(cpu);
        select.setInt(1, nextId());
        return readRow(select.executeQuery());
    }

    @Benchmark
    public int updateReused(ThreadCpu cpu) throws SQLException {
        count(cpu);
        int id = nextId();
        update.setInt(1, 100 + (id & 63));
        update.setInt(2, id);
        return update.executeUpdate();
    }

    @Benchmark
    public int prepareExecuteClose(ThreadCpu cpu) throws SQLException {
        count(cpu);
        try (PreparedStatement ps = readConn.prepareStatement(POINT_SELECT)) {
            ps.setInt(1, nextId());
            return readRow(ps.executeQuery());
        }
    }

    @Benchmark
    public int newSqlText(ThreadCpu cpu) throws SQLException {
        count(cpu);
        long u = ++unique;
        return readRow(statement.executeQuery("SELECT id, name, qty FROM item WHERE id = " + nextId()
                + " AND qty > -" + u));
    }
}
