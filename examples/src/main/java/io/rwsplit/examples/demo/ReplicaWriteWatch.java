package io.rwsplit.examples.demo;

import io.rwsplit.fixtures.DbNode;
import io.rwsplit.fixtures.Flavor;
import io.rwsplit.fixtures.ReplicationTopology;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts data-changing statements that reached a node while it was a replica, from the servers' own counters
 * ({@link ReplicationTopology#writeStatementsReceived}). A node is watched from when it is (or becomes) a replica
 * until it is killed or promoted; each checkpoint adds what arrived since the previous one.
 *
 * <p>MariaDB counts per server process (the count starts at 0 when a node starts), PostgreSQL per node (its
 * statement log survives restarts); {@link #beforeStart} takes that into account.
 */
final class ReplicaWriteWatch {
    private final ReplicationTopology topology;
    private final Map<String, Long> baselines = new LinkedHashMap<>();
    private final Map<String, Long> received = new TreeMap<>();

    ReplicaWriteWatch(ReplicationTopology topology) {
        this.topology = topology;
    }

    /** Starts watching a running replica from now. */
    synchronized void watch(DbNode replica) throws SQLException {
        baselines.put(replica.name(), topology.writeStatementsReceived(replica));
        received.putIfAbsent(replica.name(), 0L);
    }

    /**
     * Call while a node is down, just before it starts again as a replica: from its start on, whatever it receives
     * counts.
     */
    synchronized void beforeStart(DbNode node) throws SQLException {
        long base = topology.flavor() == Flavor.MARIADB ? 0 : topology.writeStatementsReceived(node);
        baselines.put(node.name(), base);
        received.putIfAbsent(node.name(), 0L);
    }

    /** Adds what a watched node received since the last checkpoint, and stops watching it (before a kill or a promotion). */
    synchronized void unwatch(DbNode node) throws SQLException {
        checkpoint(node);
        baselines.remove(node.name());
    }

    /** Adds what every watched, running node received since the last checkpoint; returns the total so far. */
    synchronized long checkpoint() throws SQLException {
        for (DbNode n : topology.nodes()) {
            if (baselines.containsKey(n.name()) && n.isRunning()) {
                checkpoint(n);
            }
        }
        return total();
    }

    private void checkpoint(DbNode n) throws SQLException {
        Long base = baselines.get(n.name());
        if (base == null) {
            return;
        }
        long now = topology.writeStatementsReceived(n);
        received.merge(n.name(), Math.max(0, now - base), Long::sum);
        baselines.put(n.name(), now);
    }

    synchronized long total() {
        return received.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Data-changing statements each node received while it was a replica. */
    synchronized Map<String, Long> byNode() {
        return Map.copyOf(received);
    }
}
