package io.rwsplit.driver.it;

import io.rwsplit.driver.RwSplitDataSource;
import io.rwsplit.fixtures.Flavor;
import io.rwsplit.fixtures.Poll;
import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad URLs, options and credentials fail at connect time with messages that name the problem and hide secrets.
 * A server that refuses the configuration (issue 16: wrong password, unknown user, unknown database, TLS required)
 * fails the connect, and a borrow that needs a new connection later (a password rotated on the server), with the
 * vendor's message first, its SQLState and vendor code, and its exception as the cause. Durations are printed
 * ({@code rwsplit-measured ...} in the test output), not asserted.
 */
class ConnectErrorsIT {
    private static final String SECRET = "Kx7-distinctive-Pw!93";
    private static final String NO_DATABASE = "rwsplit_nope";
    private static final String NO_USER = "rwsplit_nobody";
    private static final String TLS_USER = "rwsplit_tls";
    private static final String GLOBAL_USER = "rwsplit_global";

    @Test
    void badUrlsAndOptionsFailAtConnectTimeNamingKeyAndValue() {
        ReplicationTopology t = SharedTopologies.mariadb();
        String hosts = t.primary().address() + "," + t.replicas().get(0).address();
        List<String[]> cases = List.of(
                new String[] {"jdbc:rwsplit:mariadb:///shop", "no host"},
                new String[] {"jdbc:rwsplit:db2://" + hosts + "/shop", "unknown vendor 'db2'"},
                new String[] {"jdbc:rwsplit:mariadb://127.0.0.1:70000/shop", "bad port '70000'"},
                new String[] {"jdbc:rwsplit:mariadb://" + hosts + "/shop?maxReplicaLga=1s", "maxReplicaLga"},
                new String[] {"jdbc:rwsplit:mariadb://" + hosts + "/shop?maxReplicaLag=soon", "maxReplicaLag='soon'"},
                new String[] {"jdbc:rwsplit:mariadb://" + hosts + "/shop?loadBalance=fair", "loadBalance='fair'"},
                new String[] {"jdbc:rwsplit:mariadb://" + hosts + "/shop?criticalTables=a,", "criticalTables='a,'"});
        for (String[] c : cases) {
            SQLException e = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(c[0] + (c[0].contains("?") ? "&" : "?") + "password=" + SECRET,
                            t.appUser(), SECRET));
            assertTrue(e.getMessage().contains(c[1]), () -> "'" + e.getMessage() + "' names " + c[1]);
            assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void wrongPasswordFailsAtConnectWithTheVendorsReasonFirstWithoutShowingIt(Flavor flavor) throws IOException {
        ReplicationTopology t = SharedTopologies.shared(flavor);
        boolean pg = flavor == Flavor.POSTGRESQL;
        SQLException e = refusedAtConnect(t, "wrong password", t.rwsplitUrl(""), t.appUser(), SECRET,
                pg ? "28P01" : "28000", pg ? 0 : 1045,
                pg ? "FATAL: password authentication failed for user \"" + t.appUser() + "\""
                        : "Access denied for user '" + t.appUser() + "'@");
        for (Throwable x = e; x != null; x = x.getCause()) {
            assertFalse(String.valueOf(x.getMessage()).contains(SECRET), x.toString());
            assertFalse(x.toString().contains(SECRET), x.toString());
        }
        Path log = Path.of("target/test-log.txt");
        if (Files.exists(log)) {
            assertFalse(Files.readString(log).contains(SECRET), "a log line shows the password");
        }
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void unknownUserFailsAtConnectWithTheVendorsReasonFirst(Flavor flavor) {
        ReplicationTopology t = SharedTopologies.shared(flavor);
        boolean pg = flavor == Flavor.POSTGRESQL;
        // PostgreSQL answers an unknown user as a wrong password (it does not tell which one is wrong).
        refusedAtConnect(t, "unknown user", t.rwsplitUrl(""), NO_USER, SECRET, pg ? "28P01" : "28000", pg ? 0 : 1045,
                pg ? "FATAL: password authentication failed for user \"" + NO_USER + "\""
                        : "Access denied for user '" + NO_USER + "'@");
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void unknownDatabaseFailsAtConnectWithTheVendorsReasonFirst(Flavor flavor) throws SQLException {
        ReplicationTopology t = SharedTopologies.shared(flavor);
        String url = t.rwsplitUrl("").replace("/" + t.database(), "/" + NO_DATABASE);
        if (flavor == Flavor.POSTGRESQL) {
            refusedAtConnect(t, "unknown database", url, t.appUser(), t.appPassword(), "3D000", 0,
                    "FATAL: database \"" + NO_DATABASE + "\" does not exist");
            return;
        }
        // MariaDB tells a user without global privileges that access is denied (1044), and one with them that the
        // database is unknown (1049); both are SQLState 42000.
        refusedAtConnect(t, "unknown database (app user)", url, t.appUser(), t.appPassword(), "42000", 1044,
                "Access denied for user '" + t.appUser() + "'@'127.0.0.1' to database '" + NO_DATABASE + "'");
        try {
            onMariaDbPrimary(t, "CREATE OR REPLACE USER '" + GLOBAL_USER + "'@'127.0.0.1' IDENTIFIED BY 'global-pw'",
                    "GRANT SELECT ON *.* TO '" + GLOBAL_USER + "'@'127.0.0.1'");
            refusedAtConnect(t, "unknown database (global privileges)", url, GLOBAL_USER, "global-pw", "42000", 1049,
                    "Unknown database '" + NO_DATABASE + "'");
        } finally {
            onMariaDbPrimary(t, "DROP USER IF EXISTS '" + GLOBAL_USER + "'@'127.0.0.1'");
        }
    }

    @Test
    void mariaDbTlsRequiredFailsAtConnectWithTheVendorsReasonFirst() throws SQLException {
        ReplicationTopology t = SharedTopologies.mariadb();
        // An account that requires TLS, from a client without it (the fixture servers run --skip-ssl).
        try {
            onMariaDbPrimary(t, "CREATE OR REPLACE USER '" + TLS_USER + "'@'127.0.0.1' IDENTIFIED BY 'tls-pw'"
                    + " REQUIRE SSL", "GRANT ALL PRIVILEGES ON `" + t.database() + "`.* TO '" + TLS_USER + "'@'127.0.0.1'");
            refusedAtConnect(t, "account REQUIRE SSL", t.rwsplitUrl(""), TLS_USER, "tls-pw", "28000", 1045,
                    "Access denied for user '" + TLS_USER + "'@'127.0.0.1'");
        } finally {
            onMariaDbPrimary(t, "DROP USER IF EXISTS '" + TLS_USER + "'@'127.0.0.1'");
        }
        // A server that requires secure transport (the Unix socket counts as secure, so it can be switched on). Off
        // again on the same connection: a new one over TCP would be refused.
        try (Connection admin = t.primary().adminConnection(); Statement s = admin.createStatement()) {
            s.execute("SET GLOBAL require_secure_transport = ON");
            try {
                refusedAtConnect(t, "require_secure_transport", t.rwsplitUrl(""), t.appUser(), t.appPassword(),
                        "08004", 3159,
                        "Connections using insecure transport are prohibited while --require_secure_transport=ON");
            } finally {
                s.execute("SET GLOBAL require_secure_transport = OFF");
            }
        }
    }

    @Test
    void postgresTlsRequiredFailsAtConnectWithTheVendorsReasonFirst() throws Exception {
        ReplicationTopology t = SharedTopologies.postgresql();
        // A pg_hba.conf line that rejects unencrypted connections of one user (the fixture servers have no TLS).
        try (Connection admin = t.primary().adminConnection(); Statement s = admin.createStatement()) {
            Path hba;
            try (ResultSet rs = s.executeQuery("SHOW hba_file")) {
                assertTrue(rs.next());
                hba = Path.of(rs.getString(1));
            }
            String original = Files.readString(hba);
            try {
                Files.writeString(hba, "hostnossl all " + TLS_USER + " 127.0.0.1/32 reject\n" + original);
                s.execute("SELECT pg_reload_conf()");
                Poll.until(Duration.ofSeconds(10), Duration.ofMillis(20), () -> "pg_hba.conf reloaded",
                        () -> rejectsUnencrypted(t));
                refusedAtConnect(t, "pg_hba.conf hostnossl reject", t.rwsplitUrl(""), TLS_USER, "tls-pw", "28000", 0,
                        "FATAL: pg_hba.conf rejects connection for host \"127.0.0.1\", user \"" + TLS_USER
                                + "\", database \"" + t.database() + "\", no encryption");
            } finally {
                Files.writeString(hba, original);
                s.execute("SELECT pg_reload_conf()");
            }
        }
        // The client requires TLS (passed through to pgjdbc) and the server has none: pgjdbc's own refusal.
        refusedAtConnect(t, "sslmode=require, server without TLS", t.rwsplitUrl("sslmode=require"), t.appUser(),
                t.appPassword(), "08004", 0, "The server does not support SSL.");
    }

    private static boolean rejectsUnencrypted(ReplicationTopology t) {
        Properties p = new Properties();
        p.setProperty("user", TLS_USER);
        p.setProperty("password", "tls-pw");
        try (Connection c = DriverManager.getConnection(t.primary().jdbcUrl(), p)) {
            return false;
        } catch (SQLException e) {
            return "28000".equals(e.getSQLState());
        }
    }

    /**
     * The password of the application user is changed on the server while rwsplit runs with the old one: as long as
     * its pools have connections it goes on; the first borrow that needs a new connection fails with the vendor's
     * refusal, after at most one wait slice (not the acquire timeout).
     */
    @ParameterizedTest
    @EnumSource(Flavor.class)
    void aPasswordRotatedOnTheServerFailsTheNextNewConnectionWithTheVendorsReasonFirst(Flavor flavor)
            throws SQLException {
        ReplicationTopology t = SharedTopologies.shared(flavor);
        Databases.prepare(t);
        boolean pg = flavor == Flavor.POSTGRESQL;
        try (RwSplitDataSource ds = new RwSplitDataSource()) {
            // One pooled connection per node until a second one is needed.
            ds.setUrl(t.rwsplitUrl("poolMaxSize=2&poolMinIdle=0"));
            ds.setUsername(t.appUser());
            ds.setPassword(t.appPassword());
            try (Connection holder = ds.getConnection(); Connection other = ds.getConnection();
                 Statement holding = holder.createStatement(); Statement st = other.createStatement()) {
                holder.setAutoCommit(false);
                holding.executeUpdate("UPDATE products SET name = name WHERE id = 1");
                try {
                    setAppPassword(t, "rotated-" + System.nanoTime());
                    long started = System.nanoTime();
                    SQLException e = assertThrows(SQLException.class,
                            () -> st.executeUpdate("UPDATE products SET name = name WHERE id = 2"));
                    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    System.out.printf("rwsplit-measured %s password rotated, borrow of a new connection: %d ms: %s%n",
                            flavor, ms, e);
                    assertRefusal(e, t, pg ? "28P01" : "28000", pg ? 0 : 1045,
                            pg ? "FATAL: password authentication failed for user \"" + t.appUser() + "\""
                                    : "Access denied for user '" + t.appUser() + "'@");
                    // The transaction that holds its connection is not affected.
                    holding.executeUpdate("UPDATE products SET name = name WHERE id = 3");
                } finally {
                    setAppPassword(t, t.appPassword());
                }
                holder.commit();
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Connects through DriverManager, which must refuse; checks and returns the exception. Prints the duration. */
    private static SQLException refusedAtConnect(ReplicationTopology t, String what, String url, String user,
                                                 String password, String state, int code, String vendorText) {
        long started = System.nanoTime();
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, user, password).close(),
                what);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.printf("rwsplit-measured %s %s, connect: %d ms: %s%n", t.flavor(), what, ms, e);
        assertRefusal(e, t, state, code, vendorText);
        return e;
    }

    /**
     * The vendor's message first, then rwsplit's note on the primary (tried first); the vendor's SQLState and code;
     * the vendor's exception as the cause.
     */
    private static void assertRefusal(SQLException e, ReplicationTopology t, String state, int code,
                                      String vendorText) {
        SQLException vendor = assertInstanceOf(SQLException.class, e.getCause(), e::toString);
        assertTrue(vendor.getMessage().contains(vendorText), () -> "vendor said '" + vendor.getMessage() + "'");
        assertTrue(e.getMessage().startsWith(vendor.getMessage()), e.getMessage());
        assertTrue(e.getMessage().contains("rwsplit: node " + t.primary().address() + " refused the connection"),
                e.getMessage());
        assertEquals(state, vendor.getSQLState(), "the vendor's SQLState");
        assertEquals(state, e.getSQLState(), e::toString);
        assertEquals(code, e.getErrorCode(), e::toString);
        assertInstanceOf(SQLNonTransientConnectionException.class, e);
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    /** Changes the application user's password on the primary (PostgreSQL standbys replay it; MariaDB replicates). */
    private static void setAppPassword(ReplicationTopology t, String password) throws SQLException {
        try (Connection admin = t.primary().adminConnection(); Statement s = admin.createStatement()) {
            if (t.flavor() == Flavor.POSTGRESQL) {
                // Not in the server log, whatever log_statement says.
                s.execute("SET log_statement = 'none'");
                s.execute("ALTER ROLE " + t.appUser() + " PASSWORD '" + password + "'");
            } else {
                s.execute("ALTER USER '" + t.appUser() + "'@'127.0.0.1' IDENTIFIED BY '" + password + "'");
            }
        }
    }

    /** Admin statements on the MariaDB primary only: they replicate (running them on a replica breaks GTIDs). */
    private static void onMariaDbPrimary(ReplicationTopology t, String... sql) throws SQLException {
        try (Connection admin = t.primary().adminConnection(); Statement s = admin.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }
}
