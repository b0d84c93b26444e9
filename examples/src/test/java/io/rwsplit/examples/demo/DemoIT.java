package io.rwsplit.examples.demo;

import io.rwsplit.examples.demo.Summary.Phase;
import io.rwsplit.fixtures.Flavor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's first command in its short mode, on MariaDB: the scenario runs to its end and its summary shows
 * what the demo is there to show. The demo's URL names the primary alone ({@code discovery=primary}) and the demo
 * never calls rwsplit's API: every replica rwsplit routes to it found by itself.
 */
class DemoIT {

    @Test
    @Timeout(180)
    void shortDemoRoutesReadsToFreshReplicasAndSurvivesAFailover() throws Exception {
        Summary s = Demo.run(new Demo.Options(Flavor.MARIADB, true, 0, "demo-test", false), System.out);

        assertEquals(List.of("warm-up", "node3 added", "node2 paused", "both paused", "apply resumed", "node3 killed",
                "node3 restarted", "primary killed", "node2 promoted", "node1 rejoined", "cool-down"),
                s.phases().stream().map(Phase::name).toList());

        // node2, listed by the primary, serves reads from the start; node3, started at run time by the fixture
        // alone, is found in the primary's listing and serves reads in its phase.
        Phase warmUp = s.phase("warm-up");
        assertTrue(warmUp.statements("node2", "read") > 0, () -> "node2 served no reads: " + warmUp);
        Phase added = s.phase("node3 added");
        assertTrue(added.statements("node3", "read") > 0, () -> "node3 served no reads: " + added);
        assertTrue(s.events().stream().anyMatch(e -> e.contains("rwsplit discovery: node3 ")
                && e.contains("found in the primary's replica list")), () -> String.join("\n", s.events()));
        assertTrue(s.discoveryCounts().getOrDefault("added", 0L) >= 1, s::format);

        // Critical tables, writes and read-write transactions: on the primary of the moment, nowhere else.
        for (Phase p : s.phases()) {
            Set<String> primaries = new HashSet<>(List.of(p.primaryAtStart(), p.primaryAtEnd()));
            for (String node : p.reasonsByNode().keySet()) {
                for (String reason : List.of("critical-table", "write", "transaction")) {
                    if (!primaries.contains(node)) {
                        assertEquals(0, p.statements(node, reason),
                                () -> reason + " statements on " + node + " during " + p.name() + ": " + p);
                    }
                }
            }
        }
        assertTrue(s.statementsByReason().getOrDefault("critical-table", 0L) > 0, s::format);
        assertEquals(0, s.writesOnReplicas(), () -> "data-changing statements on replicas: " + s.format());

        // Paused apply: node2 is left out once it lags; with both paused, reads fall back to the primary.
        assertTrue(s.lagAlerts().stream().anyMatch(a -> a.startsWith("node2 ")), s::format);
        assertTrue(s.maxLagMillisByNode().getOrDefault("node2", 0L) > 500, s::format);
        Phase bothPaused = s.phase("both paused");
        assertEquals(0, bothPaused.statements("node2", "read"), bothPaused::toString);
        assertTrue(bothPaused.reason("all-replicas-stale") > 0, bothPaused::toString);
        assertTrue(bothPaused.statements("node1", "all-replicas-stale") > 0, bothPaused::toString);

        // A replica's death costs the catalogue nothing: its autocommit reads are retried on the other one.
        Phase replicaKilled = s.phase("node3 killed");
        assertEquals(0, replicaKilled.failed("browse") + replicaKilled.failed("search"), replicaKilled::toString);
        assertTrue(replicaKilled.statements("node2", "read") > 0, replicaKilled::toString);

        // The primary's death: the catalogue goes on, writes fail with SQLExceptions, then resume on node2.
        Phase primaryKilled = s.phase("primary killed");
        assertTrue(primaryKilled.ok("browse") > 0, primaryKilled::toString);
        assertTrue(s.failoverMillis() >= 0, s::format);
        Phase promoted = s.phase("node2 promoted");
        assertTrue(promoted.ok("purchase") > 0, promoted::toString);
        assertTrue(promoted.statements("node2", "transaction") > 0, promoted::toString);
        assertTrue(s.errorsBySqlState().keySet().stream().allMatch(state -> state.startsWith("08")),
                () -> "failures other than connection failures: " + s.format());

        // The old primary, rebuilt as a replica of node2 and listed by it, serves reads again by the end; so does
        // node3, now listed by node2.
        Phase coolDown = s.phase("cool-down");
        assertTrue(coolDown.statements("node3", "read") > 0, coolDown::toString);
        assertTrue(coolDown.statements("node1", "read") + coolDown.statements("node1", "read-only-transaction") > 0,
                coolDown::toString);

        assertEquals(0, s.readYourWritesViolations(), s::format);
    }
}
