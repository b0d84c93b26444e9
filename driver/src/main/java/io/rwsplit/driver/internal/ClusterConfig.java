package io.rwsplit.driver.internal;

import io.rwsplit.driver.RwSplitOption;
import io.rwsplit.consistency.internal.RwSplitLoggers;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
    /** How long a floor proof may wait on a replica, at most maxReplicaLag. */
    final long floorWaitMillis;
    final int[] replicaWeights;
    final long probeIntervalMillis;
    final long acquireTimeoutMillis;
    final int poolMaxSize;
    final int poolMinIdle;
    final long lagAlertMillis;
    final int classificationCacheSize;
    /** {@code off}, {@code dns}, {@code primary} or {@code dns,primary} ({@link TopologyDiscovery}). */
    final String discovery;
    final long discoveryIntervalMillis;

    // Derived once here, so that no runtime constructor computes a setting of its own.
    /**
     * How long a probe may take before the node counts as not answering: probeTimeout, or half of maxReplicaLag
     * from 250 ms to 1 s. With the default probe interval (a quarter of maxReplicaLag, at most 250 ms) a hung
     * primary is unreachable within probeInterval + probeTimeout, three quarters of maxReplicaLag, before a replica
     * that applied its last answer can look stale (for maxReplicaLag of 500 ms and more).
     */
    final long probeTimeoutMillis;
    /**
     * A node that answered nothing (no probe, no statement) for this long while its probes fail is hung: the
     * statements still running on it are ended. Twice probeTimeout (at least probeInterval + probeTimeout): a probe
     * that timed out, and as long again without any answer.
     */
    final long hungAfterMillis;
    /** How long an unsent statement bound for the primary waits for a writable one: failoverHold, or acquireTimeout. */
    final long failoverHoldMillis;
    /**
     * The vendor properties of pooled connections: the pass-through ones, plus, unless the application set them:
     * on MariaDB/MySQL {@code connectTimeout} = probeTimeout (a connect that takes longer is to a node that does not
     * answer; the vendors wait 30 s), and on MariaDB {@code socketFactory} = {@link NodeSockets}, through which a hung
     * node's statements are ended.
     */
    final Properties poolProperties;
    /** How long a node's breaker stays open before it lets statements try the node again. */
    final long breakerOpenMillis;
    /** The primary's pool waits this long for a connection: acquireTimeout. */
    final long primaryAcquireTimeoutMillis;
    /** A replica's pool waits at most 1 s: a read that cannot get a connection there may go elsewhere. */
    final long replicaAcquireTimeoutMillis;
    /** HikariCP's validation timeout: half of acquireTimeout, from 250 ms to 1 s. */
    final long validationTimeoutMillis;

    ClusterConfig(Vendor vendor, List<HostAndPort> hosts, String database, String passThroughQuery,
                  Properties passThroughProperties, String user, String password, List<String> criticalTables,
                  long maxReplicaLagMillis, String loadBalance, boolean readYourWrites, int[] replicaWeights,
                  long probeIntervalMillis, long acquireTimeoutMillis, int poolMaxSize, int poolMinIdle,
                  long lagAlertMillis, int classificationCacheSize, long probeTimeoutMillis, long failoverHoldMillis,
                  String discovery, long discoveryIntervalMillis, long floorWaitMillis) {
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
        this.floorWaitMillis = Math.min(floorWaitMillis, maxReplicaLagMillis);
        this.replicaWeights = replicaWeights.clone();
        this.probeIntervalMillis = probeIntervalMillis;
        this.acquireTimeoutMillis = acquireTimeoutMillis;
        this.poolMaxSize = poolMaxSize;
        this.poolMinIdle = poolMinIdle;
        this.lagAlertMillis = lagAlertMillis;
        this.classificationCacheSize = classificationCacheSize;
        this.discovery = discovery;
        this.discoveryIntervalMillis = discoveryIntervalMillis;
        this.probeTimeoutMillis = probeTimeoutMillis > 0 ? probeTimeoutMillis
                : Math.max(250, Math.min(1000, maxReplicaLagMillis / 2));
        this.hungAfterMillis = Math.max(2 * this.probeTimeoutMillis, probeIntervalMillis + this.probeTimeoutMillis);
        this.failoverHoldMillis = failoverHoldMillis >= 0 ? failoverHoldMillis : acquireTimeoutMillis;
        this.poolProperties = new Properties();
        poolProperties.putAll(passThroughProperties);
        if (!vendor.isPostgres() && !setByApplication("connectTimeout")) {
            poolProperties.setProperty("connectTimeout", Long.toString(this.probeTimeoutMillis));
        }
        if (vendor == Vendor.MARIADB && !setByApplication("socketFactory")) {
            poolProperties.setProperty("socketFactory", NodeSockets.class.getName());
        }
        // Session reset before a connection that carried a session's state goes back (SessionReset): pgjdbc puts
        // application_name and extra_float_digits in the startup packet, where RESET ALL restores them from, only
        // when it may assume a 9.0 server or later (else it SETs them after connecting, and RESET ALL would undo them).
        if (vendor.isPostgres() && !setByApplication("assumeMinServerVersion")) {
            poolProperties.setProperty("assumeMinServerVersion", "10");
        }
        this.breakerOpenMillis = Math.max(1000, 4 * probeIntervalMillis);
        this.primaryAcquireTimeoutMillis = Math.max(250, acquireTimeoutMillis);
        this.replicaAcquireTimeoutMillis = Math.max(250, Math.min(acquireTimeoutMillis, 1000));
        this.validationTimeoutMillis = Math.max(250, Math.min(1000, acquireTimeoutMillis / 2));
    }

    /**
     * A configuration from the option table's values ({@link RwSplitOption#parse} of each), with the rules that
     * involve more than one option: one weight per replica, poolMinIdle at most poolMaxSize, a probe interval of at
     * least 10 ms (0: a quarter of maxReplicaLag, at most 250 ms; a replica's estimate reaches about two probe
     * intervals between probes even when it keeps up, so the default follows the bound).
     */
    @SuppressWarnings("unchecked")
    static ClusterConfig of(Vendor vendor, List<HostAndPort> hosts, String database, String passThroughQuery,
                            Properties passThroughProperties, String user, String password,
                            Map<RwSplitOption, Object> values) throws SQLException {
        long maxLag = (Long) values.get(RwSplitOption.MAX_REPLICA_LAG);
        int[] weights = (int[]) values.get(RwSplitOption.REPLICA_WEIGHTS);
        if (weights.length > 0 && weights.length != hosts.size() - 1) {
            throw RwSplitOption.REPLICA_WEIGHTS.invalid(joined(weights),
                    "expected one weight per replica (" + (hosts.size() - 1) + "), in URL order");
        }
        long explicitProbe = (Long) values.get(RwSplitOption.PROBE_INTERVAL);
        if (explicitProbe > 0 && explicitProbe < 10) {
            throw RwSplitOption.PROBE_INTERVAL.invalid(explicitProbe + "ms",
                    "the shortest probe interval is 10ms (0 means a quarter of maxReplicaLag, at most 250ms)");
        }
        long probe = explicitProbe > 0 ? explicitProbe : Math.max(10, Math.min(250, maxLag / 4));
        if (explicitProbe > 0 && maxLag < 3 * probe) {
            RwSplitLoggers.get(ClusterConfig.class).warn("rwsplit: maxReplicaLag={}ms is less than three times "
                    + "probeInterval={}ms: replicas that keep up will sometimes look too stale; lower probeInterval",
                    maxLag, probe);
        }
        long probeTimeout = (Long) values.get(RwSplitOption.PROBE_TIMEOUT);
        if (probeTimeout > 0 && probeTimeout < 50) {
            throw RwSplitOption.PROBE_TIMEOUT.invalid(probeTimeout + "ms",
                    "the shortest probe timeout is 50ms (0 means half of maxReplicaLag, from 250ms to 1s)");
        }
        String discovery = (String) values.get(RwSplitOption.DISCOVERY);
        if (weights.length > 0 && discovery.contains("dns")) {
            throw RwSplitOption.REPLICA_WEIGHTS.invalid(joined(weights), "weights are given per replica in URL order,"
                    + " and with discovery=" + discovery + " the URL's names stand for any number of replicas; drop"
                    + " replicaWeights (discovered replicas weigh 1)");
        }
        int poolMax = (Integer) values.get(RwSplitOption.POOL_MAX_SIZE);
        int poolMinIdle = (Integer) values.get(RwSplitOption.POOL_MIN_IDLE);
        if (poolMinIdle > poolMax) {
            throw RwSplitOption.POOL_MIN_IDLE.invalid(Integer.toString(poolMinIdle),
                    "expected a whole number from 0 to poolMaxSize (" + poolMax + ")");
        }
        return new ClusterConfig(vendor, hosts, database, passThroughQuery, passThroughProperties, user, password,
                (List<String>) values.get(RwSplitOption.CRITICAL_TABLES), maxLag,
                (String) values.get(RwSplitOption.LOAD_BALANCE),
                "session".equals(values.get(RwSplitOption.READ_YOUR_WRITES)), weights, probe,
                (Long) values.get(RwSplitOption.ACQUIRE_TIMEOUT), poolMax, poolMinIdle,
                (Long) values.get(RwSplitOption.LAG_ALERT), (Integer) values.get(RwSplitOption.CLASSIFICATION_CACHE_SIZE),
                probeTimeout, (Long) values.get(RwSplitOption.FAILOVER_HOLD), discovery,
                (Long) values.get(RwSplitOption.DISCOVERY_INTERVAL), (Long) values.get(RwSplitOption.FLOOR_WAIT));
    }

    private static String joined(int[] weights) {
        StringBuilder b = new StringBuilder();
        for (int w : weights) {
            b.append(b.length() == 0 ? "" : ",").append(w);
        }
        return b.toString();
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

    /** Longest a floor proof waits on a replica for the session's floor (floorWait, at most maxReplicaLag). */
    public long floorWaitMillis() {
        return floorWaitMillis;
    }

    public long probeIntervalMillis() {
        return probeIntervalMillis;
    }

    public long acquireTimeoutMillis() {
        return acquireTimeoutMillis;
    }

    public long probeTimeoutMillis() {
        return probeTimeoutMillis;
    }

    public long failoverHoldMillis() {
        return failoverHoldMillis;
    }

    /** Whether the URL's host names are re-resolved and each address is a node ({@code discovery=dns}). */
    public boolean discoversByDns() {
        return discovery.contains("dns");
    }

    /** Whether the replicas the primary lists are added ({@code discovery=primary}). */
    public boolean discoversFromPrimary() {
        return discovery.contains("primary");
    }

    public long discoveryIntervalMillis() {
        return discoveryIntervalMillis;
    }

    public long lagAlertMillis() {
        return lagAlertMillis > 0 ? lagAlertMillis : maxReplicaLagMillis;
    }

    /** Weight of the replica given at position {@code index} of the URL's replica list (1 when unset). */
    int replicaWeight(int index) {
        return index < replicaWeights.length ? replicaWeights[index] : 1;
    }

    /** Whether the application gave this vendor option, in the URL or in the connection properties. */
    private boolean setByApplication(String vendorOption) {
        return passThroughProperties.containsKey(vendorOption)
                || ("&" + passThroughQuery).contains("&" + vendorOption + "=");
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
                && classificationCacheSize == c.classificationCacheSize && probeTimeoutMillis == c.probeTimeoutMillis
                && failoverHoldMillis == c.failoverHoldMillis && discovery.equals(c.discovery)
                && discoveryIntervalMillis == c.discoveryIntervalMillis && floorWaitMillis == c.floorWaitMillis;
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
