package io.rwsplit.driver.internal;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class VendorNodeUrlTest {

    private static ClusterConfig parse(String url) throws SQLException {
        return UrlParser.parse(url, new Properties());
    }

    @Test
    void h2NodesAreSeparateInMemoryDatabasesInMySqlMode() throws SQLException {
        ClusterConfig c = parse("jdbc:rwsplit:h2://primary,replica1:9093,127.0.0.1:9094/bench");
        assertEquals(Vendor.byUrlName("h2"), c.vendor());
        assertEquals("jdbc:h2:mem:bench_primary_9092;DB_CLOSE_DELAY=-1;MODE=MySQL",
                c.vendorUrl(c.hosts().get(0)));
        assertEquals("jdbc:h2:mem:bench_replica1_9093;DB_CLOSE_DELAY=-1;MODE=MySQL",
                c.vendorUrl(c.hosts().get(1)));
        assertEquals("jdbc:h2:mem:bench_127_0_0_1_9094;DB_CLOSE_DELAY=-1;MODE=MySQL",
                c.vendorUrl(c.hosts().get(2)));
        assertNotEquals(c.vendorUrl(c.hosts().get(0)), c.vendorUrl(c.hosts().get(1)));
    }

    @Test
    void h2PassThroughOptionsBecomeH2Settings() throws SQLException {
        ClusterConfig c = parse("jdbc:rwsplit:h2://p:1/db?LOCK_TIMEOUT=100&maxReplicaLag=2s&TRACE_LEVEL_FILE=0");
        assertEquals("jdbc:h2:mem:db_p_1;DB_CLOSE_DELAY=-1;MODE=MySQL;LOCK_TIMEOUT=100;TRACE_LEVEL_FILE=0",
                c.vendorUrl(c.hosts().get(0)));
    }

    @Test
    void stubNodesUseTheStubDriverUrl() throws SQLException {
        ClusterConfig c = parse("jdbc:rwsplit:stub://p:1,r:2/db?x=1");
        assertEquals(Vendor.byUrlName("stub"), c.vendor());
        assertEquals("jdbc:stub://r:2/db?x=1", c.vendorUrl(c.hosts().get(1)));
    }

    @Test
    void networkVendorsKeepHostPortAndQuery() throws SQLException {
        ClusterConfig c = parse("jdbc:rwsplit:postgresql://a:5433,b/db?ssl=false");
        assertEquals("jdbc:postgresql://b:5432/db?ssl=false", c.vendorUrl(c.hosts().get(1)));
    }
}
