package io.rwsplit.driver.it;

import io.rwsplit.driver.RwSplitDataSource;
import io.rwsplit.fixtures.DbNode;
import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replicas added and removed through the API while connections are in use, without a restart. */
@ExtendWith(ReplicaWriteGuard.class)
class RuntimeTopologyIT implements ReplicaWriteGuard.OnTopology {
    @Override
    public ReplicationTopology topology() {
        return SharedTopologies.postgresql();
    }

    private Set<Integer> portsServing(Connection c, int reads) throws SQLException {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < reads; i++) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT inet_server_port()")) {
                rs.next();
                ports.add(rs.getInt(1));
            }
        }
        return ports;
    }

    @Test
    void aReplicaAddedAtRunTimeGetsReadsAndARemovedOneNoMore() throws Exception {
        ReplicationTopology t = topology();
        Databases.prepare(t);
        DbNode first = t.replicas().get(0);
        DbNode second = t.replicas().get(1);
        try (RwSplitDataSource ds = new RwSplitDataSource()) {
            ds.setUrl("jdbc:rwsplit:postgresql://" + t.primary().address() + "," + first.address() + "/"
                    + t.database() + "?readYourWrites=off&loadBalance=round-robin&maxReplicaLag=30s");
            ds.setUsername(t.appUser());
            ds.setPassword(t.appPassword());
            try (Connection c = ds.getConnection()) {
                assertEquals(Set.of(first.port()), portsServing(c, 20));
                assertTrue(ds.addReplica(second.address()));
                assertFalse(ds.addReplica(second.address()), "adding it twice is a no-op");
                long deadline = System.nanoTime() + 10_000_000_000L;
                Set<Integer> seen = new HashSet<>();
                while (!seen.contains(second.port()) && System.nanoTime() < deadline) {
                    seen.addAll(portsServing(c, 10));
                }
                assertTrue(seen.contains(second.port()), "the added replica serves reads once probed and fresh");
                assertTrue(ds.removeReplica(first.address()));
                assertEquals(Set.of(second.port()), portsServing(c, 20), "the removed replica gets no more reads");
                SQLException e = assertThrows(SQLException.class, () -> ds.removeReplica(t.primary().address()));
                assertTrue(e.getMessage().contains("primary"), e.getMessage());
                assertThrows(SQLException.class, () -> ds.addReplica("no-port"));
            }
        }
    }
}
