package io.rwsplit.examples.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a demo run did, for the closing summary and for tests. Nodes are named as the fixture names them
 * ({@code node1} is the first primary); reasons by their {@code Reason.code()}; operations by their label.
 *
 * @param database "MariaDB" or "PostgreSQL"
 * @param startupMillis time to start the topology, create the schema and start rwsplit
 * @param scenarioMillis time from the first scenario step to the end of the last
 * @param okByOperation successful operations by kind ({@code browse}, {@code purchase}, ...)
 * @param failedByOperation failed operations by kind
 * @param statementsByNode statements each node ran, as rwsplit counts them
 * @param reasonsByNode statements each node ran, by routing reason (zero counts left out)
 * @param statementsByReason statements routed with each reason (zero counts left out)
 * @param maxLagMillisByNode the highest staleness rwsplit reported for each node while it was a replica
 * @param errorsBySqlState failed operations by SQLState
 * @param errorExamples the first message of each kind of failure, by {@code "<operation> <SQLState>"}
 * @param failoverMillis from the primary's kill to the first successful write afterwards; -1 if none
 * @param promotionToWriteMillis from the end of the promotion to the first successful write afterwards; -1 if none
 * @param writesOnReplicasByNode data-changing statements each node received while it was a replica (the servers'
 *     own counters)
 * @param readYourWritesViolations reads of a session that did not see the session's own write just before
 * @param lagAlerts lag alerts raised through {@code RwSplitDataSource.addLagListener}, e.g. {@code node2 812 ms}
 * @param discoveryCounts what rwsplit's discovery counted ({@code Cluster.discoveryCounts}: rounds, added,
 *     drained, ...); the demo never calls {@code addReplica}, so every node added was found by discovery
 * @param phases the scenario's phases, in order, each with what happened during it
 * @param events every event of the run, as shown on the dashboard
 */
public record Summary(String database, boolean shortRun, long startupMillis, long scenarioMillis,
        Map<String, Long> okByOperation, Map<String, Long> failedByOperation, Map<String, Long> statementsByNode,
        Map<String, Map<String, Long>> reasonsByNode, Map<String, Long> statementsByReason,
        Map<String, Long> maxLagMillisByNode, Map<String, Long> errorsBySqlState,
        Map<String, String> errorExamples, long failoverMillis,
        long promotionToWriteMillis, Map<String, Long> writesOnReplicasByNode, long readYourWritesViolations,
        List<String> lagAlerts, Map<String, Long> discoveryCounts, List<Phase> phases, List<String> events) {

    /**
     * One phase of the scenario and the counters' growth during it.
     *
     * @param name short name ({@code warm-up}, {@code node2 paused}, ...)
     * @param primaryAtStart the node the fixture had as primary when the phase began
     * @param primaryAtEnd the node the fixture had as primary when it ended
     */
    public record Phase(String name, String description, long millis, String primaryAtStart, String primaryAtEnd,
            Map<String, Long> statementsByNode, Map<String, Map<String, Long>> reasonsByNode,
            Map<String, Long> statementsByReason, Map<String, Long> okByOperation,
            Map<String, Long> failedByOperation, long writesOnReplicas) {

        /** Statements a node ran with a reason during this phase. */
        public long statements(String node, String reason) {
            return reasonsByNode.getOrDefault(node, Map.of()).getOrDefault(reason, 0L);
        }

        public long reason(String reason) {
            return statementsByReason.getOrDefault(reason, 0L);
        }

        public long ok(String operation) {
            return okByOperation.getOrDefault(operation, 0L);
        }

        public long failed(String operation) {
            return failedByOperation.getOrDefault(operation, 0L);
        }

        public long okTotal() {
            return okByOperation.values().stream().mapToLong(Long::longValue).sum();
        }

        public long failedTotal() {
            return failedByOperation.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public long okTotal() {
        return okByOperation.values().stream().mapToLong(Long::longValue).sum();
    }

    public long failedTotal() {
        return failedByOperation.values().stream().mapToLong(Long::longValue).sum();
    }

    public long writesOnReplicas() {
        return writesOnReplicasByNode.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The phase with this name. */
    public Phase phase(String name) {
        return phases.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no phase " + name + " in " + phases));
    }

    /** The summary as printed at the end of the demo. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        long total = statementsByNode.values().stream().mapToLong(Long::longValue).sum();
        sb.append(String.format("%nrwsplit demo summary: %s, %s run%n", database, shortRun ? "short" : "full"));
        sb.append(String.format("  topology, schema and rwsplit up in %.1f s; scenario %.1f s%n",
                startupMillis / 1000.0, scenarioMillis / 1000.0));
        sb.append(String.format("  operations      %d ok, %d failed%n", okTotal(), failedTotal()));
        for (String op : okByOperation.keySet()) {
            sb.append(String.format("    %-14s %7d ok %6d failed%n", op, okByOperation.get(op),
                    failedByOperation.getOrDefault(op, 0L)));
        }
        sb.append("  statements per node (share; top reasons)\n");
        for (Map.Entry<String, Long> e : statementsByNode.entrySet()) {
            sb.append(String.format("    %-6s %8d  %5.1f%%  %s%n", e.getKey(), e.getValue(),
                    total == 0 ? 0.0 : 100.0 * e.getValue() / total, join(reasonsByNode.getOrDefault(e.getKey(),
                            Map.of()))));
        }
        sb.append("  statements per routing reason\n    ").append(join(statementsByReason)).append('\n');
        sb.append("  max lag seen    ").append(join(maxLagMillisByNode, " ms")).append('\n');
        sb.append("  errors          ").append(errorsBySqlState.isEmpty() ? "none"
                : "SQLState " + join(errorsBySqlState)).append('\n');
        errorExamples.forEach((k, v) -> sb.append(String.format("    %-22s %s%n", k, firstLine(v))));
        sb.append("  failover        ").append(failoverMillis < 0 ? "no successful write after the primary's kill"
                : String.format("first successful write %.1f s after the primary was killed, %.1f s after the"
                        + " promotion", failoverMillis / 1000.0, promotionToWriteMillis / 1000.0)).append('\n');
        sb.append("  lag alerts      ").append(lagAlerts.isEmpty() ? "none" : String.join(", ", lagAlerts))
                .append('\n');
        sb.append("  discovery       ").append(discoveryCounts).append('\n');
        sb.append("  read-your-writes violations ").append(readYourWritesViolations).append('\n');
        sb.append("  data-changing statements received by replicas ").append(writesOnReplicas())
                .append(writesOnReplicasByNode.isEmpty() ? "" : " " + new TreeMap<>(writesOnReplicasByNode))
                .append('\n');
        sb.append("  phases (seconds, statements per node, fallbacks to the primary, operations ok/failed)\n");
        for (Phase p : phases) {
            Map<String, Long> fallbacks = new LinkedHashMap<>();
            for (String r : List.of("all-replicas-stale", "no-replica-available", "read-your-writes",
                    "monotonic-floor")) {
                if (p.reason(r) > 0) {
                    fallbacks.put(r, p.reason(r));
                }
            }
            sb.append(String.format("    %-16s %5.1f  %-40s %-44s %6d/%d%n", p.name(), p.millis() / 1000.0,
                    join(p.statementsByNode()), fallbacks.isEmpty() ? "-" : join(fallbacks), p.okTotal(),
                    p.failedTotal()));
        }
        return sb.toString();
    }

    private static String firstLine(String message) {
        String line = message.lines().findFirst().orElse("");
        return line.length() > 150 ? line.substring(0, 147) + "..." : line;
    }

    private static String join(Map<String, Long> m) {
        return join(m, "");
    }

    private static String join(Map<String, Long> m, String unit) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "  ").append(k).append(' ').append(v).append(unit));
        return sb.length() == 0 ? "-" : sb.toString();
    }
}
