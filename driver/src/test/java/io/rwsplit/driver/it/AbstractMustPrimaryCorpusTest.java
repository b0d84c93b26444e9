package io.rwsplit.driver.it;

import io.rwsplit.driver.RwSplitConnection;
import io.rwsplit.driver.RwSplitDataSource;
import io.rwsplit.fixtures.DbNode;
import io.rwsplit.fixtures.Poll;
import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.StatementLog;
import io.rwsplit.fixtures.sql.MustPrimarySql;
import io.rwsplit.fixtures.sql.MustPrimarySql.Generated;
import io.rwsplit.routing.Reason;
import net.jqwik.api.Example;
import net.jqwik.api.RandomGenerator;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Why this exists (issue 14): the routing property test checks the classifier's verdicts; this checks the guarantee
 * itself on real servers. A few thousand generated must-primary statements ({@link MustPrimarySql}, SERVER mode,
 * fixed seed), each tagged with a unique marker comment, go through the rwsplit driver to the shared primary + 2
 * replicas topology; server errors are ignored (some generated statements legitimately fail). Then each replica's
 * statement log ({@link StatementLog}) must hold none of the markers. Control reads, plain SELECTs with markers of
 * their own, must be found in the replica logs, so the check is known to see what reaches a replica.
 *
 * <p>Every statement runs on a fresh logical connection: a pinned session (after GET_LOCK, SET, a temporary
 * table) would hide a misclassification behind PINNED. Not guarded by {@link ReplicaWriteGuard}: on PostgreSQL the
 * test's sessions log every statement, reads included, which that counter would take for writes. A jqwik
 * {@code @Example}, run by surefire like the JUnit tests.
 */
abstract class AbstractMustPrimaryCorpusTest implements ReplicaWriteGuard.OnTopology {
    private static final int STATEMENTS = 3_000;
    private static final int CONTROLS = 8;
    private static final long SEED = 20_140_014L;
    /** Unique to this run, so that a kept log of an earlier run cannot match. */
    private static final long RUN = System.currentTimeMillis() % 1_000_000_000L;

    abstract MustPrimarySql.Dialect dialect();

    private static String marker(String kind, int i) {
        return "pm" + kind + RUN + "x" + i + "z";
    }

    /** A jqwik example, not a JUnit test: jqwik generators run only on its threads. */
    @Example
    void noGeneratedMustPrimaryStatementReachesAReplica() throws Exception {
        ReplicationTopology t = topology();
        try (Connection c = t.primary().appConnection(); Statement s = c.createStatement()) {
            for (String sql : MustPrimarySql.setup(dialect())) {
                s.execute(sql);
            }
        }
        t.awaitReplication(Duration.ofSeconds(30));

        RandomGenerator<Generated> generator = MustPrimarySql.statements(dialect(), MustPrimarySql.Mode.SERVER)
                .generator(1000);
        Random random = new Random(SEED);
        Map<String, String> corpus = new LinkedHashMap<>();
        for (int i = 0; i < STATEMENTS; i++) {
            Generated g = generator.next(random).value().withUnique((RUN % 100_000) * 10_000 + i);
            corpus.put(marker("s", i), "/*" + marker("s", i) + "*/ " + g.sql());
        }

        Map<String, String> driverSaidReplica = new TreeMap<>();
        Map<String, Integer> errors = new TreeMap<>();
        int ok = 0;
        long t0 = System.nanoTime();
        try (StatementLog log = StatementLog.start(t)) {
            String options = "readYourWrites=off&maxReplicaLag=30s&loadBalance=round-robin"
                    + (log.urlOptions().isEmpty() ? "" : "&" + log.urlOptions());
            try (RwSplitDataSource ds = FailureSupport.dataSource(t, options)) {
                for (Map.Entry<String, String> e : corpus.entrySet()) {
                    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                        s.setQueryTimeout(20);
                        try {
                            s.execute(e.getValue());
                            ok++;
                        } catch (SQLException ex) {
                            errors.merge(String.valueOf(ex.getSQLState()), 1, Integer::sum);
                        }
                        RwSplitConnection rw = c.unwrap(RwSplitConnection.class);
                        if (Databases.isReplica(t, rw.lastNode())) {
                            Reason r = rw.lastReason();
                            driverSaidReplica.put(e.getKey(), (r == null ? "?" : r.code()) + " " + e.getValue());
                        }
                    }
                }
                // Control reads: round-robin, so both replicas get some. A replica logs a statement before running
                // it, so once a control read sent after the corpus is in a replica's log, so is anything earlier.
                for (int i = 0; i < CONTROLS; i++) {
                    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                        s.execute("SELECT " + i + " AS control /*" + marker("c", i) + "*/");
                    }
                }
            }
            long sent = System.nanoTime() - t0;
            Pattern controls = Pattern.compile("pmc" + RUN + "x\\d+z");
            for (DbNode r : t.replicas()) {
                Poll.until(Duration.ofSeconds(30), Duration.ofMillis(50),
                        () -> "a control read in the statement log of " + r.name(),
                        () -> !log.find(r, controls).isEmpty());
            }
            Pattern statements = Pattern.compile("pms" + RUN + "x\\d+z");
            Map<String, Set<String>> reached = new HashMap<>();
            for (DbNode r : t.replicas()) {
                for (String m : log.find(r, statements)) {
                    reached.computeIfAbsent(m, k -> new TreeSet<>()).add(r.name());
                }
            }
            System.out.printf("FIGURE %s must-primary corpus: %d statements in %.1f s, %d ran, errors by SQLState %s,"
                    + " %d reached a replica (server log), %d routed to a replica (driver)%n", t.flavor(),
                    corpus.size(), sent / 1e9, ok, errors, reached.size(), driverSaidReplica.size());
            List<String> lines = new ArrayList<>();
            reached.forEach((m, nodes) -> lines.add(nodes + " " + corpus.get(m).replace("\n", "\\n")
                    .replace("\r", "\\r").replace("\f", "\\f")));
            driverSaidReplica.forEach((m, s) -> {
                if (!reached.containsKey(m)) {
                    lines.add("(driver only) " + s.replace("\n", "\\n").replace("\r", "\\r"));
                }
            });
            assertTrue(lines.isEmpty(), () -> lines.size() + " must-primary statements reached a replica:\n"
                    + String.join("\n", lines));
        }
    }
}
