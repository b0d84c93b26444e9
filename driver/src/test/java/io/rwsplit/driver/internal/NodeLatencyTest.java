package io.rwsplit.driver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwsplit.fixtures.stub.StubDriver;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a node's statements and failures feed into the latency least-outstanding weighs. */
class NodeLatencyTest {
    @BeforeAll
    static void register() {
        StubDriver.register();
    }

    @AfterAll
    static void deregister() {
        StubDriver.deregister();
    }

    @Test
    void executionsAreMeasuredAndForgottenWhenTheNodeComesBackOrChangesRole() throws SQLException {
        ClusterConfig config = UrlParser.parse("jdbc:rwsplit:stub://np:1,nr:2/db?poolMinIdle=0", new Properties());
        Node node = new Node(config.hosts().get(1), config, NodeRole.REPLICA, 1, new KeptConnections());
        try {
            long now = System.nanoTime();
            assertEquals(0, node.latencyNanos(now), "nothing known yet");
            node.recordExecution(now - TimeUnit.MICROSECONDS.toNanos(100), now);
            long afterRead = node.latencyNanos(now);
            assertTrue(afterRead > 0 && afterRead <= TimeUnit.MICROSECONDS.toNanos(100), "estimate " + afterRead);
            // A statement that hung until the node died: its duration is a peak.
            node.recordExecution(now - TimeUnit.SECONDS.toNanos(3), now);
            assertTrue(node.latencyNanos(now) >= TimeUnit.SECONDS.toNanos(3), "the hung statement counts");
            // Back after an outage: what was measured before says nothing now.
            node.probeFailed("refused");
            node.probeSucceeded(false);
            assertEquals(0, node.latencyNanos(System.nanoTime()), "unknown again once it answers probes again");
            node.recordExecution(now - TimeUnit.SECONDS.toNanos(3), now);
            node.role(NodeRole.PRIMARY);
            assertEquals(0, node.latencyNanos(System.nanoTime()), "unknown again after a role change");
        } finally {
            node.close();
        }
    }
}
