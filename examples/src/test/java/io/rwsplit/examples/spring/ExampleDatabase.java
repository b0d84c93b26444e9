package io.rwsplit.examples.spring;

import io.rwsplit.fixtures.ReplicationTopology;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The Spring example's own database on the shared MariaDB topology, created once per JVM on the primary (and
 * replicated), so that Flyway starts from an empty schema whatever other tests create in the topology's database.
 */
final class ExampleDatabase {
    static final String NAME = "spring_shop";

    private static boolean created;

    private ExampleDatabase() {
    }

    /** The topology's rwsplit URL with this database instead of the topology's. */
    static synchronized String rwsplitUrl(ReplicationTopology t, String options) {
        if (!created) {
            create(t);
            created = true;
        }
        String url = t.rwsplitUrl(options);
        int query = url.indexOf('?');
        String path = query < 0 ? url : url.substring(0, query);
        return path.substring(0, path.lastIndexOf('/') + 1) + NAME + (query < 0 ? "" : url.substring(query));
    }

    private static void create(ReplicationTopology t) {
        try (Connection c = t.primary().adminConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + NAME);
            try (PreparedStatement hosts = c.prepareStatement("SELECT host FROM mysql.user WHERE user = ?")) {
                hosts.setString(1, t.appUser());
                try (ResultSet rs = hosts.executeQuery()) {
                    while (rs.next()) {
                        s.execute("GRANT ALL PRIVILEGES ON " + NAME + ".* TO '" + t.appUser() + "'@'"
                                + rs.getString(1) + "'");
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the " + NAME + " database", e);
        }
        t.awaitReplication(Duration.ofSeconds(30));
    }
}
