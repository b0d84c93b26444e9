package io.rwsplit.benchmarks;

import io.rwsplit.benchmarks.support.Drivers;
import io.rwsplit.benchmarks.support.Rotation;
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
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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
 * {@code mariadb} (a real primary and two replicas on loopback, started per fork).
 *
 * <p><b>One driver per fork, or interleaved.</b> By default each driver runs in a fork of its own, with the JIT to
 * itself: the right way where the driver's own cost dominates (H2). With {@code drivers=a/b/c}, one fork opens all
 * of them on one target and gives each iteration to one of them, in rounds ({@link Rotation}: A B C, then C B A, ...).
 * That is the way on a real target: drivers measured in separate forks were measured on separate topologies at
 * separate times, and on a 2-core machine the loopback round trip alone moved by 10-40% between forks, so that a
 * verdict of "3% more" flipped from run to run. Interleaved, every driver sees the same topology, the same background
 * work (rwsplit's probes included) and the same drift, and the report compares drivers round by round (paired
 * differences, with their spread). The cost: the drivers share one JIT profile and one heap, and the benchmark's own
 * call sites see several {@code PreparedStatement} classes, which costs each driver alike.
 *
 * <p>JMH's score of an interleaved row mixes the drivers; the per-driver figures come from the raw iteration data,
 * which {@code report.ResultsReport} splits by the rotation (wall time, {@code cpuNsPerOp}: CPU of the calling
 * thread, and {@code gc.alloc.rate.norm} with {@code -prof gc}, all per iteration). Warm-up iterations cycle through
 * the drivers too: use a multiple of the driver count for {@code -wi} and {@code -i}.
 *
 * <p>Run: {@code cd benchmarks && java -Djava.io.tmpdir=target/tmp -jar target/benchmarks.jar OverheadBenchmark
 * -p target=h2 -prof gc}; interleaved on loopback, on one CPU: {@code taskset -c 1 java -Djava.io.tmpdir=target/tmp
 * -jar target/benchmarks.jar OverheadBenchmark -p target=postgresql -p drivers=plain/plain-split/rwsplit -wi 9 -i 96
 * -r 250ms -prof gc} (or {@code ./run.sh}, which does both).
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

    /**
     * The driver of a fork, or several separated by '/' (JMH splits parameter values at commas) to interleave them
     * in one fork, in this rotation order.
     */
    @Param({"plain", "plain-split", "rwsplit", "shardingsphere"})
    public String drivers;

    /** rwsplit URL options for this run (without '?'), e.g. {@code loadBalance=round-robin}; none by default. */
    @Param({""})
    public String rwsplitOptions;

    private Target nodes;
    private final List<Drivers.Opened> opened = new ArrayList<>();
    private final List<PreparedStatement> selects = new ArrayList<>();
    private final List<PreparedStatement> updates = new ArrayList<>();
    private final List<Statement> statements = new ArrayList<>();
    private final List<Connection> readConns = new ArrayList<>();
    private int warmups;
    private int measured;

    // The driver of the current iteration.
    private Connection readConn;
    private PreparedStatement select;
    private PreparedStatement update;
    private Statement statement;
    private int next;
    private long unique;

    /** The compared drivers of a {@code drivers} parameter value. */
    public static List<String> driverList(String drivers) {
        return List.of(drivers.split("/"));
    }

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        nodes = Target.start(target, rwsplitOptions);
        for (String d : driverList(drivers)) {
            Drivers.Opened o = Drivers.open(d, nodes);
            opened.add(o);
            Connection read = o.readConnection();
            readConns.add(read);
            selects.add(read.prepareStatement(POINT_SELECT));
            updates.add(o.connection().prepareStatement(UPDATE));
            statements.add(read.createStatement());
            use(opened.size() - 1);
            // Every operation once, so that a broken configuration fails here, not in the middle of a measurement.
            if (pointSelectReused(null) < 0 || updateReused(null) != 1 || prepareExecuteClose(null) < 0
                    || newSqlText(null) < 0) {
                throw new IllegalStateException("unexpected result on " + target + " through " + d);
            }
        }
    }

    /** Gives the coming iteration to the next driver of the rotation. */
    @Setup(Level.Iteration)
    public void rotate(IterationParams iteration) {
        int n = opened.size();
        if (iteration.getType() == IterationType.WARMUP) {
            use(Rotation.warmupDriverAt(warmups++, n));
        } else {
            use(Rotation.driverAt(measured++, n));
        }
    }

    private void use(int d) {
        readConn = readConns.get(d);
        select = selects.get(d);
        update = updates.get(d);
        statement = statements.get(d);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        SQLException failure = null;
        try {
            for (int i = 0; i < opened.size(); i++) {
                try (Drivers.Opened o = opened.get(i)) {
                    selects.get(i).close();
                    updates.get(i).close();
                    statements.get(i).close();
                } catch (SQLException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        } finally {
            nodes.close();
        }
        if (failure != null) {
            throw failure;
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
