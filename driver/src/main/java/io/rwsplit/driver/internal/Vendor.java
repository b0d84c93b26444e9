package io.rwsplit.driver.internal;

import io.rwsplit.routing.Dialect;

/** The databases rwsplit fronts, with how to reach each through its own JDBC driver. */
public enum Vendor {
    MARIADB("mariadb", "jdbc:mariadb://", 3306, Dialect.MYSQL),
    MYSQL("mysql", "jdbc:mysql://", 3306, Dialect.MYSQL),
    POSTGRESQL("postgresql", "jdbc:postgresql://", 5432, Dialect.POSTGRESQL),
    /**
     * In-memory H2 for tests and benchmarks, not a production target: each {@code host:port} is a separate
     * in-memory database ({@link #nodeUrl}), so a cluster costs no I/O and driver overhead dominates.
     */
    H2("h2", "jdbc:h2:mem:", 9092, Dialect.MYSQL),
    /** The no-I/O stub driver of the test fixtures ({@code jdbc:stub://}), for tests and benchmarks only. */
    STUB("stub", "jdbc:stub://", 3306, Dialect.MYSQL);

    private final String urlName;
    private final String jdbcPrefix;
    private final int defaultPort;
    private final Dialect dialect;

    Vendor(String urlName, String jdbcPrefix, int defaultPort, Dialect dialect) {
        this.urlName = urlName;
        this.jdbcPrefix = jdbcPrefix;
        this.defaultPort = defaultPort;
        this.dialect = dialect;
    }

    public String urlName() {
        return urlName;
    }

    public String jdbcPrefix() {
        return jdbcPrefix;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * The vendor JDBC URL of one node, with the pass-through options ({@code a=1&b=2}, may be empty). For
     * {@link #H2}, {@code host:port/db} is the in-memory database {@code <db>_<host>_<port>} (characters other than
     * letters, digits and '_' in the host become '_'), kept while the JVM runs, in MySQL mode; options become
     * {@code ;a=1;b=2}.
     */
    public String nodeUrl(HostAndPort node, String database, String passThroughQuery) {
        if (this == H2) {
            String url = jdbcPrefix + database + "_" + node.host().replaceAll("[^A-Za-z0-9_]", "_") + "_" + node.port()
                    + ";DB_CLOSE_DELAY=-1;MODE=MySQL";
            return passThroughQuery.isEmpty() ? url : url + ";" + passThroughQuery.replace('&', ';');
        }
        String url = jdbcPrefix + node + "/" + database;
        return passThroughQuery.isEmpty() ? url : url + "?" + passThroughQuery;
    }

    public boolean isPostgres() {
        return this == POSTGRESQL;
    }

    public static Vendor byUrlName(String name) {
        for (Vendor v : values()) {
            if (v.urlName.equals(name)) {
                return v;
            }
        }
        return null;
    }
}
