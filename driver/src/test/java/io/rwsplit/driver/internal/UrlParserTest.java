package io.rwsplit.driver.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UrlParserTest {
    private static final String SECRET = "Zq9!xK-secret-7731";

    private static ClusterConfig parse(String url) throws SQLException {
        return UrlParser.parse(url, new Properties());
    }

    @Test
    void parsesHostsDatabaseOptionsAndPassThrough() throws SQLException {
        ClusterConfig c = parse("jdbc:rwsplit:mariadb://p:3307,r1,r2:3309/shop?criticalTables=inventory,Shop.Payments"
                + "&maxReplicaLag=500ms&useSsl=false&loadBalance=round-robin&connectTimeout=1000");
        assertEquals(Vendor.MARIADB, c.vendor());
        assertEquals(List.of(new HostAndPort("p", 3307), new HostAndPort("r1", 3306), new HostAndPort("r2", 3309)),
                c.hosts());
        assertEquals("shop", c.database());
        assertEquals(List.of("inventory", "Shop.Payments"), c.criticalTables());
        assertEquals(500, c.maxReplicaLagMillis());
        assertEquals("round-robin", c.loadBalance());
        assertEquals("jdbc:mariadb://r1:3306/shop?useSsl=false&connectTimeout=1000",
                c.vendorUrl(new HostAndPort("r1", 3306)));
    }

    @Test
    void documentedDefaultsApply() throws SQLException {
        ClusterConfig c = parse("jdbc:rwsplit:postgresql://a,b/db");
        assertEquals(5432, c.hosts().get(0).port());
        assertEquals(1000, c.maxReplicaLagMillis());
        assertEquals("least-outstanding", c.loadBalance());
        assertTrue(c.readYourWrites());
        assertEquals(250, c.probeIntervalMillis());
        assertEquals(125, parse("jdbc:rwsplit:postgresql://a,b/db?maxReplicaLag=500ms").probeIntervalMillis(),
                "the default probe interval follows a tight bound");
        assertEquals(400, parse("jdbc:rwsplit:postgresql://a,b/db?maxReplicaLag=500ms&probeInterval=400ms")
                .probeIntervalMillis(), "an explicit interval is kept");
        assertEquals(125, parse("jdbc:rwsplit:postgresql://a,b/db?maxReplicaLag=500ms&probeInterval=0")
                .probeIntervalMillis(), "0 asks for the default");
        SQLException tooShort = assertThrows(SQLException.class,
                () -> parse("jdbc:rwsplit:postgresql://a,b/db?probeInterval=5ms"));
        assertTrue(tooShort.getMessage().contains("probeInterval") && tooShort.getMessage().contains("10ms"),
                tooShort.getMessage());
        assertTrue(c.criticalTables().isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbc:rwsplit:mariadb:///shop | no host",
        "jdbc:rwsplit:oracle://h/shop | unknown vendor 'oracle'",
        "jdbc:rwsplit:mariadb://h:99999/shop | bad port '99999'",
        "jdbc:rwsplit:mariadb://h:abc/shop | bad port 'abc'",
        "jdbc:rwsplit:mariadb://h,,r/shop | empty host",
        "jdbc:rwsplit:mariadb://h | no database",
        "jdbc:rwsplit:mariadb://h/shop?maxReplicaLg=1s | 'maxReplicaLg': did you mean 'maxReplicaLag'",
        "jdbc:rwsplit:mariadb://h/shop?criticaltables=x | 'criticaltables': did you mean 'criticalTables'",
        "jdbc:rwsplit:mariadb://h/shop?maxReplicaLag=fast | maxReplicaLag='fast'",
        "jdbc:rwsplit:mariadb://h/shop?maxReplicaLag=-5ms | maxReplicaLag='-5ms'",
        "jdbc:rwsplit:mariadb://h/shop?maxReplicaLag=0ms | maxReplicaLag='0ms'",
        "jdbc:rwsplit:mariadb://h/shop?loadBalance=fastest | loadBalance='fastest'",
        "jdbc:rwsplit:mariadb://h/shop?criticalTables=a,,b | criticalTables='a,,b'",
        "jdbc:rwsplit:mariadb://h/shop?readYourWrites=always | readYourWrites='always'",
        "jdbc:rwsplit:mariadb://h/shop?maxReplicaLag=1s&maxReplicaLag=2s | given twice",
        "jdbc:rwsplit:mariadb://h,r/shop?replicaWeights=1,2 | replicaWeights='1,2'",
    })
    void badUrlsAndOptionsNameTheProblem(String url, String expected) {
        SQLException e = assertThrows(SQLException.class, () -> parse(url));
        assertTrue(e.getMessage().contains(expected), () -> "message '" + e.getMessage() + "' lacks '" + expected + "'");
        assertTrue(e.getSQLState() != null && (e.getSQLState().startsWith("08") || e.getSQLState().equals("HY024")),
                e.getSQLState());
    }

    @Test
    void vendorOptionsThatMerelyResembleNothingOfOursPassThrough() throws SQLException {
        ClusterConfig c = parse("jdbc:rwsplit:postgresql://h/db?sslmode=disable&loadBalanceHosts=false");
        assertTrue(c.vendorUrl(c.hosts().get(0)).endsWith("?sslmode=disable&loadBalanceHosts=false"));
    }

    @Test
    void passwordNeverAppearsInUrlsMessagesOrToString() throws SQLException {
        ClusterConfig c = parse("jdbc:rwsplit:mariadb://h/shop?user=app&password=" + SECRET + "&useSsl=false");
        assertFalse(c.displayUrl().contains(SECRET));
        assertFalse(c.vendorUrl(c.hosts().get(0)).contains(SECRET));
        assertFalse(c.toString().contains(SECRET));
        assertEquals("app", c.user());

        SQLException e = assertThrows(SQLException.class,
                () -> parse("jdbc:rwsplit:mariadb://h:bad/shop?password=" + SECRET));
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        SQLException e2 = assertThrows(SQLException.class,
                () -> parse("jdbc:rwsplit:nosuch://h/shop?password=" + SECRET));
        assertFalse(e2.getMessage().contains(SECRET), e2.getMessage());
        SQLException e3 = assertThrows(SQLException.class, () -> parse("jdbc:rwsplit:mariadb?password=" + SECRET));
        assertFalse(e3.getMessage().contains(SECRET), e3.getMessage());
    }

    @Test
    void propertiesMayCarryOurOptionsButNotContradictTheUrl() throws SQLException {
        Properties p = new Properties();
        p.setProperty("maxReplicaLag", "2s");
        p.setProperty("user", "app");
        p.setProperty("password", SECRET);
        ClusterConfig c = UrlParser.parse("jdbc:rwsplit:mariadb://h/shop", p);
        assertEquals(2000, c.maxReplicaLagMillis());
        p.setProperty("loadBalance", "random");
        SQLException e = assertThrows(SQLException.class,
                () -> UrlParser.parse("jdbc:rwsplit:mariadb://h/shop?loadBalance=round-robin", p));
        assertTrue(e.getMessage().contains("loadBalance"));
        assertFalse(e.getMessage().contains(SECRET));
    }
}
