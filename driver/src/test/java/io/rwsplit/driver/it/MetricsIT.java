package io.rwsplit.driver.it;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rwsplit.driver.RwSplitDataSource;
import io.rwsplit.driver.RwSplitMetrics;
import io.rwsplit.fixtures.DbNode;
import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** After a workload, the Micrometer registry and the JMX MBean show plausible figures. */
@ExtendWith(ReplicaWriteGuard.class)
class MetricsIT implements ReplicaWriteGuard.OnTopology {
    @Override
    public ReplicationTopology topology() {
        return SharedTopologies.mariadb();
    }

    @Test
    void registryAndMBeanShowStatementsPerNodeAndReasonLagBreakersAndPools() throws Exception {
        ReplicationTopology t = topology();
        Databases.prepare(t);
        try (RwSplitDataSource ds = new RwSplitDataSource()) {
            ds.setUrl(t.rwsplitUrl("readYourWrites=off&maxReplicaLag=30s"));
            ds.setUsername(t.appUser());
            ds.setPassword(t.appPassword());
            ds.setCriticalTables("inventory,payments");
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            new RwSplitMetrics(ds).bindTo(registry);

            int reads = 200;
            int critical = 30;
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                for (int i = 0; i < reads; i++) {
                    s.executeQuery("SELECT * FROM products").close();
                }
                for (int i = 0; i < critical; i++) {
                    s.executeQuery("SELECT * FROM inventory").close();
                }
                s.executeUpdate("UPDATE products SET price = price WHERE id = 1");
                assertThrows(SQLException.class, () -> s.execute("SELEKT nonsense"));
            }

            double replicaReads = 0;
            for (DbNode r : t.replicas()) {
                replicaReads += registry.get("rwsplit.statements").tags("node", r.address(), "reason", "read")
                        .functionCounter().count();
            }
            assertEquals(reads, replicaReads, 0.0, "plain reads counted on the replicas");
            String primary = t.primary().address();
            assertEquals(critical, registry.get("rwsplit.statements").tags("node", primary, "reason", "critical-table")
                    .functionCounter().count(), 0.0);
            assertEquals(1, registry.get("rwsplit.statements").tags("node", primary, "reason", "write")
                    .functionCounter().count(), 0.0);
            assertTrue(registry.get("rwsplit.statements.unclassified").functionCounter().count() >= 1);
            for (DbNode r : t.replicas()) {
                double lag = registry.get("rwsplit.replica.lag").tags("node", r.address()).gauge().value();
                assertTrue(lag >= 0 && lag < 30_000, "lag of " + r.address() + ": " + lag);
                assertEquals(0, registry.get("rwsplit.breaker.state").tags("node", r.address()).gauge().value(), 0.0);
                assertTrue(registry.get("rwsplit.pool.idle").tags("node", r.address()).gauge().value() >= 1,
                        "the replica's pool keeps the connections it lent");
            }
            // The replicas that served the reads have a latency estimate, in the registry and in JMX alike.
            double latencyNanos = 0;
            for (DbNode r : t.replicas()) {
                latencyNanos += registry.get("rwsplit.node.latency").tags("node", r.address()).timeGauge()
                        .value(TimeUnit.NANOSECONDS);
            }
            assertTrue(latencyNanos > 0, "the replicas' latency estimates: " + latencyNanos + " ns");
            assertEquals(0, registry.get("rwsplit.reads.fallback").tags("reason", "all-replicas-stale")
                    .functionCounter().count(), 0.0);

            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = ds.cluster().mbeanName();
            assertTrue(server.isRegistered(name));
            assertEquals(primary, server.getAttribute(name, "Primary"));
            Map<String, Long> byReason = longs((TabularData) server.getAttribute(name, "StatementsByReason"));
            assertEquals(reads, byReason.get("read").longValue());
            assertEquals(critical, byReason.get("critical-table").longValue());
            assertTrue(((Long) server.getAttribute(name, "UnknownStatements")) >= 1);
            Map<String, Long> latency = longs((TabularData) server.getAttribute(name, "LatencyEstimateMicros"));
            assertEquals(t.nodes().size(), latency.size(), "a latency estimate per node: " + latency);
            assertTrue(latency.get(primary) > 0, "the primary ran statements just now: " + latency);
            ds.close();
            assertTrue(!server.isRegistered(name), "closing the data source unregisters its MBean");
        }
    }

    private static Map<String, Long> longs(TabularData data) {
        Map<String, Long> m = new java.util.HashMap<>();
        for (Object row : data.values()) {
            CompositeData cd = (CompositeData) row;
            m.put((String) cd.get("key"), (Long) cd.get("value"));
        }
        return m;
    }
}
