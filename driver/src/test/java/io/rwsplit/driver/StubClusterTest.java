package io.rwsplit.driver;

import io.rwsplit.fixtures.stub.StubDriver;
import io.rwsplit.fixtures.stub.StubNode;
import io.rwsplit.routing.Reason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The driver over the stub JDBC driver (no I/O): the path the overhead benchmarks take. Test targets do not
 * replicate, so they are not probed; their replicas count as fresh. Fast checks of the plumbing only; guarantees
 * are tested on real replication.
 */
class StubClusterTest {
    @BeforeAll
    static void register() {
        StubDriver.register();
    }

    @AfterAll
    static void deregister() {
        StubDriver.deregister();
    }

    @Test
    void readsGoToStubReplicasAndWritesToTheStubPrimary() throws SQLException {
        StubNode primary = StubDriver.shared().node("p1", 1);
        StubNode r1 = StubDriver.shared().node("r1", 2);
        StubNode r2 = StubDriver.shared().node("r2", 3);
        try (RwSplitDataSource ds = new RwSplitDataSource()) {
            ds.setUrl("jdbc:rwsplit:stub://p1:1,r1:2,r2:3/db?loadBalance=round-robin");
            long primaryBefore = primary.writeCount();
            long readsBefore = r1.executedCount("SELECT") + r2.executedCount("SELECT");
            try (Connection c = ds.getConnection();
                 PreparedStatement read = c.prepareStatement("SELECT name FROM products WHERE id = ?");
                 PreparedStatement write = c.prepareStatement("UPDATE products SET name = ? WHERE id = ?")) {
                RwSplitConnection rw = c.unwrap(RwSplitConnection.class);
                for (int i = 0; i < 100; i++) {
                    read.setInt(1, i);
                    try (ResultSet rs = read.executeQuery()) {
                        rs.next();
                    }
                    assertEquals(Reason.READ, rw.lastReason());
                }
                write.setString(1, "x");
                write.setInt(2, 1);
                assertEquals(1, write.executeUpdate());
                assertEquals(Reason.WRITE, rw.lastReason());
                assertEquals("p1:1", rw.lastNode());
            }
            assertEquals(primaryBefore + 1, primary.writeCount());
            assertEquals(readsBefore + 100, r1.executedCount("SELECT") + r2.executedCount("SELECT"));
            assertTrue(r1.writeCount() == 0 && r2.writeCount() == 0, "no write on a replica");
            assertEquals(0, ds.cluster().routedWith(Reason.NO_REPLICA_AVAILABLE), "stub replicas stay usable");
        }
    }
}
