package io.rwsplit.driver.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * A validated, immutable rwsplit configuration: the nodes, the vendor, the options rwsplit owns and everything
 * that passes through to the vendor driver. Equal configurations share one {@link Cluster} (one pool per node).
 * {@link #toString()} never shows the password.
 */
public final class ClusterConfig {
    final Vendor vendor;
    final List<HostAndPort> hosts;
    final String database;
    /** Vendor options from the URL, as written there (user and password removed). */
    final String passThroughQuery;
    /** Vendor options from the connection properties (user and password removed). */
    final Properties passThroughProperties;
    final String user;
    final String password;

    final List<String> criticalTables;
    final long maxReplicaLagMillis;
    final String loadBalance;
    final boolean readYourWrites;
    final int[] replicaWeights;
    final long probeIntervalMillis;
    final long acquireTimeoutMillis;
    final int poolMaxSize;
    final int poolMinIdle;
    final long lagAlertMillis;
    final int classificationCacheSize;

    ClusterConfig(Vendor vendor, List<HostAndPort> hosts, String database, String passThroughQuery,
                  Properties passThroughProperties, String user, String password, List<String> criticalTables,
                  long maxReplicaLagMillis, String loadBalance, boolean readYourWrites, int[] replicaWeights,
                  long probeIntervalMillis, long acquireTimeoutMillis, int poolMaxSize, int poolMinIdle,
                  long lagAlertMillis, int classificationCacheSize) {
        this.vendor = vendor;
        this.hosts = List.copyOf(hosts);
        this.database = database;
        this.passThroughQuery = passThroughQuery;
        this.passThroughProperties = passThroughProperties;
        this.user = user;
        this.password = password;
        this.criticalTables = List.copyOf(criticalTables);
        this.maxReplicaLagMillis = maxReplicaLagMillis;
        this.loadBalance = loadBalance;
        this.readYourWrites = readYourWrites;
        this.replicaWeights = replicaWeights.clone();
        this.probeIntervalMillis = probeIntervalMillis;
        this.acquireTimeoutMillis = acquireTimeoutMillis;
        this.poolMaxSize = poolMaxSize;
        this.poolMinIdle = poolMinIdle;
        this.lagAlertMillis = lagAlertMillis;
        this.classificationCacheSize = classificationCacheSize;
    }

    public Vendor vendor() {
        return vendor;
    }

    public List<HostAndPort> hosts() {
        return hosts;
    }

    public String database() {
        return database;
    }

    public String user() {
        return user;
    }

    public List<String> criticalTables() {
        return criticalTables;
    }

    public long maxReplicaLagMillis() {
        return maxReplicaLagMillis;
    }

    public String loadBalance() {
        return loadBalance;
    }

    public boolean readYourWrites() {
        return readYourWrites;
    }

    public long probeIntervalMillis() {
        return probeIntervalMillis;
    }

    public long acquireTimeoutMillis() {
        return acquireTimeoutMillis;
    }

    public long lagAlertMillis() {
        return lagAlertMillis > 0 ? lagAlertMillis : maxReplicaLagMillis;
    }

    /** Weight of the replica given at position {@code index} of the URL's replica list (1 when unset). */
    int replicaWeight(int index) {
        return index < replicaWeights.length ? replicaWeights[index] : 1;
    }

    /** The vendor JDBC URL of one node, with the pass-through options; no credentials in it. */
    String vendorUrl(HostAndPort node) {
        return vendor.nodeUrl(node, database, passThroughQuery);
    }

    /** The rwsplit URL as configured, safe to show: no password. */
    public String displayUrl() {
        StringBuilder sb = new StringBuilder("jdbc:rwsplit:").append(vendor.urlName()).append("://");
        for (int i = 0; i < hosts.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(hosts.get(i));
        }
        sb.append('/').append(database);
        if (!passThroughQuery.isEmpty()) {
            sb.append('?').append(passThroughQuery);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ClusterConfig)) {
            return false;
        }
        ClusterConfig c = (ClusterConfig) o;
        return vendor == c.vendor && hosts.equals(c.hosts) && database.equals(c.database)
                && passThroughQuery.equals(c.passThroughQuery)
                && passThroughProperties.equals(c.passThroughProperties)
                && Objects.equals(user, c.user) && Objects.equals(password, c.password)
                && criticalTables.equals(c.criticalTables) && maxReplicaLagMillis == c.maxReplicaLagMillis
                && loadBalance.equals(c.loadBalance) && readYourWrites == c.readYourWrites
                && Arrays.equals(replicaWeights, c.replicaWeights) && probeIntervalMillis == c.probeIntervalMillis
                && acquireTimeoutMillis == c.acquireTimeoutMillis && poolMaxSize == c.poolMaxSize
                && poolMinIdle == c.poolMinIdle && lagAlertMillis == c.lagAlertMillis
                && classificationCacheSize == c.classificationCacheSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(vendor, hosts, database, passThroughQuery, user, criticalTables, maxReplicaLagMillis);
    }

    @Override
    public String toString() {
        return "ClusterConfig{url=" + displayUrl() + ", user=" + user + ", password=" + (password == null ? "none" : "****")
                + ", criticalTables=" + criticalTables + ", maxReplicaLag=" + maxReplicaLagMillis + "ms, loadBalance="
                + loadBalance + ", readYourWrites=" + (readYourWrites ? "session" : "off") + '}';
    }
}
