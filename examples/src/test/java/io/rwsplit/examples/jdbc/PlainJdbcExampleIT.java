package io.rwsplit.examples.jdbc;

import io.rwsplit.examples.ReplicaWriteGuard;
import io.rwsplit.examples.jdbc.PlainJdbcExample.Step;
import io.rwsplit.fixtures.DbNode;
import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ReplicaWriteGuard.class)
class PlainJdbcExampleIT {
    private final ReplicationTopology topology = SharedTopologies.mariadb();

    @Test
    void eachStepRunsOnTheNodeItBelongsTo() throws Exception {
        // The tables exist on every replica before the example's first read (see PlainJdbcExample's comment).
        try (Connection c = topology.primary().appConnection()) {
            PlainJdbcExample.createTables(c);
        }
        topology.awaitReplication(Duration.ofSeconds(30));

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        List<Step> steps = PlainJdbcExample.run(topology.rwsplitUrl("criticalTables=balances"),
                topology.appUser(), topology.appPassword(), new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertEquals(List.of("create tables", "read", "read-only transaction", "write", "critical-table read",
                "read in RwSplit.primary()"), steps.stream().map(Step::name).toList());
        assertOnPrimary(steps.get(0), "write");
        assertOnReplica(steps.get(1), "read");
        assertOnReplica(steps.get(2), "read-only-transaction");
        assertOnPrimary(steps.get(3), "write");
        assertOnPrimary(steps.get(4), "critical-table");
        assertOnPrimary(steps.get(5), "forced-primary");

        assertEquals("1 row inserted", steps.get(3).result());
        assertEquals("alice has 100.00", steps.get(4).result());
        long before = visits(steps.get(1));
        assertEquals(before + 1, visits(steps.get(5)), "the primary read sees the visit just written");

        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(steps.stream().map(Step::toString).toList(), lines);
        assertTrue(lines.get(4).contains(" on " + topology.primary().address() + " "), lines.get(4));
    }

    private static long visits(Step step) {
        return Long.parseLong(step.result().substring(0, step.result().indexOf(' ')));
    }

    private void assertOnPrimary(Step step, String reason) {
        assertEquals(topology.primary().address(), step.node(), step::toString);
        assertEquals(reason, step.reason(), step::toString);
    }

    private void assertOnReplica(Step step, String reason) {
        assertTrue(topology.replicas().stream().map(DbNode::address).anyMatch(step.node()::equals), step::toString);
        assertNotEquals(topology.primary().address(), step.node());
        assertEquals(reason, step.reason(), step::toString);
    }
}
