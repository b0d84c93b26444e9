package io.rwsplit.driver.internal;

import io.rwsplit.routing.Dialect;

/** The databases rwsplit fronts, with how to reach each through its own JDBC driver. */
public enum Vendor {
    MARIADB("mariadb", "jdbc:mariadb://", 3306, Dialect.MYSQL),
    MYSQL("mysql", "jdbc:mysql://", 3306, Dialect.MYSQL),
    POSTGRESQL("postgresql", "jdbc:postgresql://", 5432, Dialect.POSTGRESQL);

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
