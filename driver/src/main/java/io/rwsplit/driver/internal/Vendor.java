package io.rwsplit.driver.internal;

import io.rwsplit.routing.Dialect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The databases rwsplit fronts, with how to reach each through its own JDBC driver: {@link #MARIADB},
 * {@link #MYSQL} and {@link #POSTGRESQL}.
 *
 * <p>Test seam: targets that do not replicate (the stub driver of the test fixtures, in-memory H2 for benchmarks)
 * are not part of the product. They are declared by a class path resource {@value #TEST_VENDORS} that only test
 * support jars carry, one vendor per line: {@code name=<jdbc prefix>|<default port>|<MYSQL or POSTGRESQL>|<node URL
 * template>}, the template made of {@code {prefix}}, {@code {node}} ({@code host:port}), {@code {host}},
 * {@code {hostId}} (the host with every character but letters, digits and {@code _} made {@code _}),
 * {@code {port}}, {@code {database}}, {@code {?query}} ({@code ?a=1&b=2} or nothing) and {@code {;query}}
 * ({@code ;a=1;b=2} or nothing). Such a vendor's nodes keep the roles the URL gives, and its replicas count as
 * always fresh.
 */
public final class Vendor {
    /** The class path resource that declares test-only vendors. */
    public static final String TEST_VENDORS = "META-INF/rwsplit/test-vendors.properties";

    private static final String STANDARD = "{prefix}{node}/{database}{?query}";

    public static final Vendor MARIADB = new Vendor("mariadb", "jdbc:mariadb://", 3306, Dialect.MYSQL, STANDARD, true);
    public static final Vendor MYSQL = new Vendor("mysql", "jdbc:mysql://", 3306, Dialect.MYSQL, STANDARD, true);
    public static final Vendor POSTGRESQL = new Vendor("postgresql", "jdbc:postgresql://", 5432, Dialect.POSTGRESQL,
            STANDARD, true);

    private final String urlName;
    private final String jdbcPrefix;
    private final int defaultPort;
    private final Dialect dialect;
    private final String nodeUrlTemplate;
    private final boolean replicates;

    private Vendor(String urlName, String jdbcPrefix, int defaultPort, Dialect dialect, String nodeUrlTemplate,
                   boolean replicates) {
        this.urlName = urlName;
        this.jdbcPrefix = jdbcPrefix;
        this.defaultPort = defaultPort;
        this.dialect = dialect;
        this.nodeUrlTemplate = nodeUrlTemplate;
        this.replicates = replicates;
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

    /** The vendor JDBC URL of one node, with the pass-through options ({@code a=1&b=2}, may be empty). */
    public String nodeUrl(HostAndPort node, String database, String passThroughQuery) {
        boolean q = !passThroughQuery.isEmpty();
        return nodeUrlTemplate.replace("{prefix}", jdbcPrefix)
                .replace("{node}", node.toString())
                .replace("{hostId}", node.host().replaceAll("[^A-Za-z0-9_]", "_"))
                .replace("{host}", node.host())
                .replace("{port}", Integer.toString(node.port()))
                .replace("{database}", database)
                .replace("{?query}", q ? "?" + passThroughQuery : "")
                .replace("{;query}", q ? ";" + passThroughQuery.replace('&', ';') : "");
    }

    /**
     * Whether nodes of this vendor replicate and can be probed for role and position. Test vendors cannot: their
     * nodes keep the roles the URL gives and replicas count as always fresh.
     */
    public boolean replicates() {
        return replicates;
    }

    /** The isolation level a connection has when the application set none (the server's usual default). */
    int defaultIsolation() {
        return isPostgres() ? java.sql.Connection.TRANSACTION_READ_COMMITTED
                : java.sql.Connection.TRANSACTION_REPEATABLE_READ;
    }

    public boolean isPostgres() {
        return this == POSTGRESQL;
    }

    /** The vendor a URL names ({@code jdbc:rwsplit:<name>://}), or null. */
    public static Vendor byUrlName(String name) {
        for (Vendor v : new Vendor[] {MARIADB, MYSQL, POSTGRESQL}) {
            if (v.urlName.equals(name)) {
                return v;
            }
        }
        return TestVendors.ALL.get(name);
    }

    @Override
    public String toString() {
        return urlName;
    }

    /** The test vendors on the class path, read once, at the first URL that names no product vendor. */
    private static final class TestVendors {
        static final Map<String, Vendor> ALL = load();

        private static Map<String, Vendor> load() {
            Map<String, Vendor> vendors = new LinkedHashMap<>();
            try {
                ClassLoader loader = Vendor.class.getClassLoader();
                Enumeration<URL> resources = loader == null ? ClassLoader.getSystemResources(TEST_VENDORS)
                        : loader.getResources(TEST_VENDORS);
                while (resources.hasMoreElements()) {
                    Properties p = new Properties();
                    try (InputStream in = resources.nextElement().openStream()) {
                        p.load(in);
                    }
                    for (String name : p.stringPropertyNames()) {
                        String[] f = p.getProperty(name).split("\\|", -1);
                        if (f.length != 4) {
                            throw new IllegalStateException(TEST_VENDORS + ": '" + name + "' must be "
                                    + "<jdbc prefix>|<default port>|<dialect>|<node URL template>");
                        }
                        vendors.putIfAbsent(name, new Vendor(name, f[0].trim(), Integer.parseInt(f[1].trim()),
                                Dialect.valueOf(f[2].trim()), f[3].trim(), false));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.copyOf(vendors);
        }
    }
}
