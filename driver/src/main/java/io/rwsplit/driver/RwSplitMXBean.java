package io.rwsplit.driver;

import java.util.Map;

/**
 * The figures of one rwsplit cluster (one URL and credentials, or one {@link RwSplitDataSource}), registered in
 * the platform MBean server as {@code io.rwsplit:type=Cluster,name=<n>}.
 */
public interface RwSplitMXBean {
    /** The rwsplit URL, without credentials. */
    String getUrl();

    /** {@code host:port} of the node writes go to. */
    String getPrimary();

    /** Each node's role as rwsplit believes it: PRIMARY, REPLICA or UNKNOWN. */
    Map<String, String> getNodeRoles();

    /** Statements each node has run. */
    Map<String, Long> getStatementsByNode();

    /** Statements routed with each reason ({@code read}, {@code write}, {@code all-replicas-stale}, ...). */
    Map<String, Long> getStatementsByReason();

    /** Upper bound of each replica's staleness in milliseconds ({@code -1} when unknown). */
    Map<String, Long> getReplicaLagMillis();

    /** Each node's circuit breaker: CLOSED, OPEN or HALF_OPEN. */
    Map<String, String> getBreakerStates();

    /**
     * Each node's latency estimate in microseconds, the one the least-outstanding balancer weighs replicas by: the
     * peak EWMA of its statements' times, decaying towards 0 while it runs none ({@code 0}: nothing known).
     */
    Map<String, Long> getLatencyEstimateMicros();

    /** Per replica, queries that proved a session's freshness floor there when the session moved to it. */
    Map<String, Long> getFloorProofs();

    /** Per replica, floor proofs that found it behind the session's floor (the read went elsewhere). */
    Map<String, Long> getFloorProofsBehind();

    /** Per node, queries that read the position after a session's last statement there, to settle its floor. */
    Map<String, Long> getFloorPositionReads();

    /** Physical connections in use per node. */
    Map<String, Integer> getPoolActive();

    /** Statements rwsplit could not classify (they ran on the primary). */
    long getUnknownStatements();

    /**
     * What topology discovery counted since start, by event ({@code rounds}, {@code incomplete-rounds},
     * {@code added}, {@code drained}, {@code refused-writable}, {@code unanswered}); empty with {@code discovery=off}.
     */
    Map<String, Long> getDiscoveryCounts();

    /** Sessions pinned to the primary since start, by the kind of statement that pinned them. */
    Map<String, Long> getSessionPinsByCause();

    /** Pins that ended before their session did (a request boundary, {@code resetSession()}). */
    long getSessionUnpins();

    /** Sessions pinned now. */
    int getSessionsPinned();

    /** Physical connections brought up to a session's replayed SETs (one statement each). */
    long getSessionReplays();

    /** Time spent in those replays, in microseconds, in all. */
    long getSessionReplayMicros();

    /** Physical connections reset before going back to their pool (they carried a session's state). */
    long getSessionResets();
}
