package io.rwsplit.driver.it;

import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad URLs, options and credentials fail at connect time with messages that name the problem and hide secrets. */
class ConnectErrorsIT {
    private static final String SECRET = "Kx7-distinctive-Pw!93";

    @Test
    void badUrlsAndOptionsFailAtConnectTimeNamingKeyAndValue() {
        ReplicationTopology t = SharedTopologies.mariadb();
        String hosts = t.primary().address() + "," + t.replicas().get(0).address();
        List<String[]> cases = List.of(
                new String[] {"jdbc:rwsplit:mariadb:///shop", "no host"},
                new String[] {"jdbc:rwsplit:db2://" + hosts + "/shop", "unknown vendor 'db2'"},
                new String[] {"jdbc:rwsplit:mariadb://127.0.0.1:70000/shop", "bad port '70000'"},
                new String[] {"jdbc:rwsplit:mariadb://" + hosts + "/shop?maxReplicaLga=1s", "maxReplicaLga"},
                new String[] {"jdbc:rwsplit:mariadb://" + hosts + "/shop?maxReplicaLag=soon", "maxReplicaLag='soon'"},
                new String[] {"jdbc:rwsplit:mariadb://" + hosts + "/shop?loadBalance=fair", "loadBalance='fair'"},
                new String[] {"jdbc:rwsplit:mariadb://" + hosts + "/shop?criticalTables=a,", "criticalTables='a,'"});
        for (String[] c : cases) {
            SQLException e = assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(c[0] + (c[0].contains("?") ? "&" : "?") + "password=" + SECRET,
                            t.appUser(), SECRET));
            assertTrue(e.getMessage().contains(c[1]), () -> "'" + e.getMessage() + "' names " + c[1]);
            assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        }
    }

    @Test
    void wrongPasswordFailsAtConnectWithoutShowingIt() throws IOException {
        ReplicationTopology t = SharedTopologies.mariadb();
        SQLException e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(t.rwsplitUrl("acquireTimeout=1s"), t.appUser(), SECRET));
        assertEquals("28000", rootState(e), e.toString());
        for (Throwable x = e; x != null; x = x.getCause()) {
            assertFalse(String.valueOf(x.getMessage()).contains(SECRET), x.toString());
        }
        Path log = Path.of("target/test-log.txt");
        if (Files.exists(log)) {
            assertFalse(Files.readString(log).contains(SECRET), "a log line shows the password");
        }
    }

    private static String rootState(SQLException e) {
        for (Throwable x = e; x != null; x = x.getCause()) {
            if (x instanceof SQLException && "28000".equals(((SQLException) x).getSQLState())) {
                return "28000";
            }
        }
        return e.getSQLState();
    }
}
