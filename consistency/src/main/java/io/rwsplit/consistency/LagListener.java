package io.rwsplit.consistency;

/** Told when a node's staleness crosses the alert level of a {@link LagAlarm}, and when it is back under. */
@FunctionalInterface
public interface LagListener {

    /**
     * @param nodeId the node, {@code host:port}
     * @param stalenessMillis the staleness that caused the change, {@link Long#MAX_VALUE} if unknown
     * @param raised true when the alert is raised, false when it is cleared
     */
    void onLagAlert(String nodeId, long stalenessMillis, boolean raised);
}
