package io.rwsplit.driver.it;

import io.rwsplit.driver.RwSplitConnection;
import io.rwsplit.driver.RwSplitDataSource;
import io.rwsplit.driver.internal.Node;
import io.rwsplit.fixtures.ReplicationTopology;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14, bad input on real servers: a NUL character, a 1 MB statement, 500 nested parentheses, an unterminated
 * comment, an empty text, a lone surrogate. Each is either refused by rwsplit before sending (with an SQLState that
 * names the problem) or runs on a node and gets that server's own answer (a result or its SQL error); none of them
 * counts against a node's health, and another session's writes go on through all of them.
 */
@ExtendWith(ReplicaWriteGuard.class)
abstract class AbstractExtremeInputTest implements ReplicaWriteGuard.OnTopology {
    private static final String COUNTER = "extreme-" + (System.currentTimeMillis() % 1_000_000);

    abstract String insertCounterSql();

    @BeforeEach
    void prepare() throws SQLException {
        Databases.prepare(topology());
    }

    private static Map<String, String> inputs() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("NUL character", "SELECT count(*) FROM counters WHERE name = 'a\u0000b'");
        m.put("lone surrogate", "SELECT count(*) FROM counters WHERE name = 'a\ud800b'");
        StringBuilder big = new StringBuilder("SELECT count(*) FROM counters WHERE name IN ('x'");
        while (big.length() < 1_000_000) {
            big.append(",'x'");
        }
        m.put("1 MB statement", big.append(')').toString());
        m.put("500 nested parentheses", "SELECT " + "(".repeat(500) + "1" + ")".repeat(500));
        m.put("unterminated comment", "SELECT 1 /* no end");
        m.put("empty text", "");
        return m;
    }

    @Test
    void badInputIsRefusedOrAnsweredAndNeverHurtsAnotherSessionOrTheBreaker() throws Exception {
        ReplicationTopology t = topology();
        try (Connection c = t.primary().appConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(insertCounterSql().replace("{name}", COUNTER));
        }
        try (RwSplitDataSource ds = new RwSplitDataSource()) {
            ds.setUrl(t.rwsplitUrl("readYourWrites=off&maxReplicaLag=30s"));
            ds.setUsername(t.appUser());
            ds.setPassword(t.appPassword());
            try (Connection bad = ds.getConnection(); Connection other = ds.getConnection();
                 PreparedStatement otherWrite = other.prepareStatement(
                         "UPDATE counters SET value = value + 1 WHERE name = ?")) {
                otherWrite.setString(1, COUNTER);
                for (Map.Entry<String, String> input : inputs().entrySet()) {
                    String name = input.getKey();
                    SQLException refused = null;
                    try (Statement s = bad.createStatement()) {
                        if (s.execute(input.getValue())) {
                            try (ResultSet rs = s.getResultSet()) {
                                assertTrue(rs.next(), name + ": a row");
                            }
                        }
                    } catch (SQLException e) {
                        refused = e;
                    }
                    String node = bad.unwrap(RwSplitConnection.class).lastNode();
                    System.out.println("FIGURE extreme input " + name + ": "
                            + (refused == null ? "ran on " + node : refused.getSQLState() + " " + refused.getMessage()));
                    if (name.equals("NUL character") || name.equals("lone surrogate")) {
                        assertNotNull(refused, name + " must be refused");
                        assertEquals("22021", refused.getSQLState(), name + ": " + refused);
                        assertTrue(refused.getMessage().contains("not sent"), refused.getMessage());
                    } else if (refused != null) {
                        assertNotNull(refused.getSQLState(), name + ": an SQLState: " + refused);
                        assertFalse(refused.getSQLState().startsWith("08"), name + ": not a connection failure: "
                                + refused);
                        assertFalse(refused.getMessage() == null || refused.getMessage().isBlank(), name);
                    }
                    for (Node n : ds.cluster().nodes()) {
                        assertEquals("CLOSED", n.breakerState(), name + ": breaker of " + n.id());
                    }
                    assertEquals(1, otherWrite.executeUpdate(), "another session's write after " + name);
                }
                try (Statement s = bad.createStatement()) {
                    assertEquals(1, s.executeUpdate("UPDATE counters SET value = value + 1 WHERE name = '"
                            + COUNTER + "'"), "the session that sent them still works");
                }
            }
        }
    }
}
