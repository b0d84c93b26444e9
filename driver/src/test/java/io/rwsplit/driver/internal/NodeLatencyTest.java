package io.rwsplit.driver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rwsplit.fixtures.stub.StubDriver;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
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
    void executionsAreMeasuredAndAConnectionFailureCountsAsASlowStatement() throws SQLException {
        ClusterConfig config = UrlParser.parse("jdbc:rwsplit:stub://np:1,nr:2/db?poolMinIdle=0", new Properties());
        Node node = new Node(config.hosts().get(1), config, NodeRole.REPLICA, 1);
        try {
            long now = System.nanoTime();
            assertEquals(0, node.latencyNanos(now), "nothing known yet");
            node.recordExecution(now - TimeUnit.MICROSECONDS.toNanos(100), now);
            long afterRead = node.latencyNanos(now);
            assertTrue(afterRead > 0 && afterRead <= TimeUnit.MICROSECONDS.toNanos(100), "estimate " + afterRead);
            // A replica whose connections fail fast must not look like the fastest one.
            node.recordFailure(new SQLTransientConnectionException("refused", "08001"));
            long afterFailure = node.latencyNanos(System.nanoTime());
            assertTrue(afterFailure >= TimeUnit.MILLISECONDS.toNanos(900), "estimate after a failure " + afterFailure);
        } finally {
            node.close();
        }
    }
}
