package io.rwsplit.driver;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.rwsplit.driver.internal.Cluster;
import io.rwsplit.driver.internal.Node;
import io.rwsplit.routing.Reason;
import io.rwsplit.routing.Target;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer meters for one rwsplit data source (Micrometer is an optional dependency: only this class needs it).
 *
 * <pre>{@code
 * new RwSplitMetrics(dataSource).bindTo(meterRegistry);
 * }</pre>
 *
 * <ul>
 *   <li>{@code rwsplit.statements} (counter; tags {@code node}, {@code reason}, {@code target}): statements per
 *   node and routing reason;</li>
 *   <li>{@code rwsplit.reads.fallback} (counter; tag {@code reason}: {@code all-replicas-stale},
 *   {@code no-replica-available}, {@code read-your-writes}, {@code monotonic-floor}): reads that would have gone to a
 *   replica but ran on the primary;</li>
 *   <li>{@code rwsplit.floor.proofs} (counter; tags {@code node}, {@code outcome}: {@code proven}, {@code behind}):
 *   queries on a replica that a session moved to, asking whether it had applied the session's freshness floor
 *   (waiting up to {@code floorWait});</li>
 *   <li>{@code rwsplit.floor.position.reads} (counter; tag {@code node}): queries reading the position after a
 *   session's last statement on that node, which settle its floor before a move;</li>
 *   <li>{@code rwsplit.replica.lag} (gauge, milliseconds; tag {@code node}; -1 when unknown);</li>
 *   <li>{@code rwsplit.breaker.state} (gauge; tag {@code node}): 0 closed, 1 half-open, 2 open;</li>
 *   <li>{@code rwsplit.node.latency} (time gauge; tag {@code node}): the latency estimate the least-outstanding
 *   balancer weighs replicas by, the peak EWMA of the node's statement times, decaying towards 0 while it runs
 *   none (0: nothing known);</li>
 *   <li>{@code rwsplit.pool.active}, {@code rwsplit.pool.idle} (gauges; tag {@code node});</li>
 *   <li>{@code rwsplit.statements.unclassified} (counter): SQL the classifier could not classify;</li>
 *   <li>{@code rwsplit.discovery} (counter; tag {@code event}: {@code rounds}, {@code incomplete-rounds},
 *   {@code added}, {@code drained}, {@code refused-writable}, {@code unanswered}), with {@code discovery} on.</li>
 * </ul>
 * Meters cover the nodes present when bound; bind again after adding replicas at run time.
 */
public final class RwSplitMetrics implements MeterBinder {
    private final Cluster cluster;

    public RwSplitMetrics(RwSplitDataSource dataSource) throws SQLException {
        this.cluster = dataSource.cluster();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Node n : cluster.nodes()) {
            for (Reason r : Reason.values()) {
                FunctionCounter.builder("rwsplit.statements", n, node -> node.routedWith(r))
                        .tags(Tags.of("node", n.id(), "reason", r.code(),
                                "target", r.target() == Target.PRIMARY ? "primary" : "replica"))
                        .description("statements routed to a node, by reason")
                        .register(registry);
            }
            Gauge.builder("rwsplit.replica.lag", n, node -> {
                Long lag = cluster.replicaLagMillis().get(node.id());
                return lag == null ? 0 : lag;
            }).tags("node", n.id()).baseUnit("milliseconds").description("upper bound of the replica's staleness")
                    .register(registry);
            Gauge.builder("rwsplit.breaker.state", n, node -> {
                switch (node.breakerState()) {
                    case "CLOSED":
                        return 0;
                    case "HALF_OPEN":
                        return 1;
                    default:
                        return 2;
                }
            }).tags("node", n.id()).description("0 closed, 1 half-open, 2 open").register(registry);
            TimeGauge.builder("rwsplit.node.latency", n, TimeUnit.NANOSECONDS,
                            node -> node.latencyNanos(System.nanoTime()))
                    .tags("node", n.id())
                    .description("the balancer's latency estimate (peak EWMA of statement times), 0 when unknown")
                    .register(registry);
            for (boolean proven : new boolean[] {true, false}) {
                FunctionCounter.builder("rwsplit.floor.proofs", n, node -> cluster.floorProofs(node, proven))
                        .tags("node", n.id(), "outcome", proven ? "proven" : "behind")
                        .description("queries proving a session's freshness floor on a replica it moves to")
                        .register(registry);
            }
            FunctionCounter.builder("rwsplit.floor.position.reads", n, cluster::floorPositionReads)
                    .tags("node", n.id())
                    .description("queries reading a session's floor position on the node of its last statement")
                    .register(registry);
            Gauge.builder("rwsplit.pool.active", n, Node::poolActive).tags("node", n.id()).register(registry);
            Gauge.builder("rwsplit.pool.idle", n, Node::poolIdle).tags("node", n.id()).register(registry);
        }
        for (Reason r : new Reason[] {Reason.ALL_REPLICAS_STALE, Reason.NO_REPLICA_AVAILABLE, Reason.READ_YOUR_WRITES,
                Reason.MONOTONIC_FLOOR}) {
            FunctionCounter.builder("rwsplit.reads.fallback", cluster, c -> c.routedWith(r))
                    .tags("reason", r.code()).description("reads that fell back to the primary, by why")
                    .register(registry);
        }
        for (String event : cluster.discoveryCounts().keySet()) {
            FunctionCounter.builder("rwsplit.discovery", cluster, c -> c.discoveryCounts().getOrDefault(event, 0L))
                    .tags("event", event).description("discovery rounds and the changes they made, by event")
                    .register(registry);
        }
        FunctionCounter.builder("rwsplit.statements.unclassified", cluster, c -> c.classifier().unknownCount())
                .description("statements that could not be classified (run on the primary)").register(registry);
    }
}
