package io.rwsplit.driver.it;

import io.rwsplit.driver.RwSplitConnection;
import io.rwsplit.fixtures.DbNode;
import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code mysql} vendor goes through MySQL Connector/J; exercised against the MariaDB topology where the two
 * agree (the wire protocol, {@code read_only}, plain SQL).
 */
@ExtendWith(ReplicaWriteGuard.class)
class MySqlConnectorIT implements ReplicaWriteGuard.OnTopology {
    @Override
    public ReplicationTopology topology() {
        return SharedTopologies.mariadb();
    }

    private Connection open() throws SQLException {
        ReplicationTopology t = topology();
        String url = t.rwsplitUrl("criticalTables=inventory&readYourWrites=off&maxReplicaLag=30s")
                .replace("jdbc:rwsplit:mariadb://", "jdbc:rwsplit:mysql://");
        return DriverManager.getConnection(url, t.appUser(), t.appPassword());
    }

    @Test
    void connectorJRoutesReadsToReplicasAndWritesToThePrimary() throws SQLException {
        ReplicationTopology t = topology();
        Databases.prepare(t);
        Set<Integer> replicaPorts = new HashSet<>();
        for (DbNode r : t.replicas()) {
            replicaPorts.add(r.port());
        }
        try (Connection c = open(); Statement s = c.createStatement()) {
            assertTrue(c.isWrapperFor(RwSplitConnection.class));
            RwSplitConnection rw = c.unwrap(RwSplitConnection.class);
            Set<Integer> served = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                try (ResultSet rs = s.executeQuery("SELECT @@port")) {
                    rs.next();
                    served.add(rs.getInt(1));
                }
            }
            assertTrue(replicaPorts.containsAll(served), "reads on replicas: " + served);
            try (PreparedStatement ps = c.prepareStatement("UPDATE products SET price = price WHERE id = ?")) {
                ps.setInt(1, 1);
                ps.executeUpdate();
            }
            assertEquals(t.primary().address(), rw.lastNode());
            try (ResultSet rs = s.executeQuery("SELECT qty, @@port FROM inventory WHERE product_id = 1")) {
                rs.next();
                assertEquals(t.primary().port(), rs.getInt(2), "a critical table on the primary");
            }
            c.setReadOnly(true);
            c.setAutoCommit(false);
            int first;
            try (ResultSet rs = s.executeQuery("SELECT @@port")) {
                rs.next();
                first = rs.getInt(1);
            }
            assertNotEquals(t.primary().port(), first);
            try (ResultSet rs = s.executeQuery("SELECT @@port")) {
                rs.next();
                assertEquals(first, rs.getInt(1), "a read-only transaction stays on one replica");
            }
            c.commit();
            assertFalse(rw.isPinnedToPrimary());
        }
    }
}
