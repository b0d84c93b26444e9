package io.rwsplit.examples.jdbc;

import io.rwsplit.driver.RwSplit;
import io.rwsplit.driver.RwSplitConnection;
import io.rwsplit.driver.RwSplitDriver;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * rwsplit with plain JDBC: one {@code jdbc:rwsplit:} URL, and each statement runs where it belongs.
 *
 * <pre>
 * java io.rwsplit.examples.jdbc.PlainJdbcExample \
 *     'jdbc:rwsplit:mariadb://db1:3306,db2:3306,db3:3306/shop?criticalTables=balances' app secret
 * </pre>
 *
 * The first host is the primary, the others are replicas. {@code balances} is a critical table: every statement
 * that touches it runs on the primary. Each step prints the node that ran it ({@link RwSplitConnection#lastNode()})
 * and why ({@link RwSplitConnection#lastReason()}).
 *
 * <p>The first run creates the tables. A new table reaches the replicas a few milliseconds after its
 * {@code CREATE}, so on an empty database the first read may still find it missing on a replica: run it again.
 */
public final class PlainJdbcExample {

    /** One step of the example: what ran, the node that ran it ({@code host:port}), why there, and its result. */
    public record Step(String name, String node, String reason, String result) {
        @Override
        public String toString() {
            return String.format("%-24s on %-16s (%s): %s", name, node, reason, result);
        }
    }

    private PlainJdbcExample() {
    }

    public static void main(String[] args) throws SQLException {
        if (args.length != 3) {
            System.err.println("usage: PlainJdbcExample <jdbc:rwsplit:...?criticalTables=balances> <user> <password>");
            System.exit(2);
        }
        try {
            run(args[0], args[1], args[2], System.out);
        } finally {
            RwSplitDriver.closeAll(); // stops the pools and probes opened through DriverManager
        }
    }

    /** Runs every step, printing each to {@code out}; returns the steps. */
    public static List<Step> run(String url, String user, String password, PrintStream out) throws SQLException {
        Steps steps = new Steps(out);
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            createTables(c);
            steps.add(c, "create tables", "done");
        }
        // A new connection, so that what rwsplit remembers of the writes above (read-your-writes) does not
        // send the reads below to the primary.
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            // An autocommit read goes to a replica.
            steps.add(c, "read", count(c, "SELECT COUNT(*) FROM visits") + " visits");

            // A read-only transaction runs on one replica from its first statement to COMMIT.
            c.setReadOnly(true);
            c.setAutoCommit(false);
            long visits = count(c, "SELECT COUNT(*) FROM visits");
            long visitors = count(c, "SELECT COUNT(DISTINCT visitor) FROM visits");
            steps.add(c, "read-only transaction", visits + " visits by " + visitors + " visitors");
            c.commit();
            c.setAutoCommit(true);
            c.setReadOnly(false);

            // A write goes to the primary.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO visits (visitor) VALUES (?)")) {
                ps.setString(1, "alice");
                steps.add(c, "write", ps.executeUpdate() + " row inserted");
            }

            // A read of a critical table goes to the primary: it always sees the latest balance.
            try (PreparedStatement ps = c.prepareStatement("SELECT amount FROM balances WHERE account = ?")) {
                ps.setString(1, "alice");
                try (ResultSet rs = ps.executeQuery()) {
                    BigDecimal amount = rs.next() ? rs.getBigDecimal(1) : null;
                    steps.add(c, "critical-table read", "alice has " + amount);
                }
            }

            // RwSplit.primary() sends every statement of this thread to the primary, here a read that must see
            // the visit just written, whatever the replicas have applied.
            try (RwSplit.Scope primary = RwSplit.primary()) {
                steps.add(c, "read in RwSplit.primary()", count(c, "SELECT COUNT(*) FROM visits") + " visits");
            }
        }
        return steps.done;
    }

    /** Creates the example's tables if missing, and gives alice 100.00. DDL and writes run on the primary. */
    public static void createTables(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS visits (visitor VARCHAR(50) NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS balances "
                    + "(account VARCHAR(20) PRIMARY KEY, amount DECIMAL(10,2) NOT NULL)");
            s.executeUpdate("DELETE FROM balances WHERE account = 'alice'");
            s.executeUpdate("INSERT INTO balances (account, amount) VALUES ('alice', 100.00)");
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Records and prints each step with the node that ran the connection's last statement. */
    private static final class Steps {
        private final PrintStream out;
        private final List<Step> done = new ArrayList<>();

        Steps(PrintStream out) {
            this.out = out;
        }

        void add(Connection c, String name, String result) throws SQLException {
            RwSplitConnection rw = c.unwrap(RwSplitConnection.class);
            Step step = new Step(name, rw.lastNode(), rw.lastReason().code(), result);
            out.println(step);
            done.add(step);
        }
    }
}
