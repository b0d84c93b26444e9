import io.rwsplit.driver.RwSplitConnection;
import io.rwsplit.driver.RwSplitDriver;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A plain program, run by AllJarIT as {@code java -cp rwsplit-driver-<version>-all.jar:postgresql.jar
 * OneJarProgram.java <url> <user> <password> <primary>}: nothing else on its class path.
 */
public class OneJarProgram {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String primary = args[3];
        try (Connection c = DriverManager.getConnection(url, args[1], args[2]); Statement s = c.createStatement()) {
            RwSplitConnection rw = c.unwrap(RwSplitConnection.class);
            DatabaseMetaData md = c.getMetaData();
            System.out.println("driver " + md.getDriverName() + " " + md.getDriverVersion());
            s.execute("CREATE TABLE IF NOT EXISTS one_jar (id INT PRIMARY KEY, note VARCHAR(40))");
            System.out.println("ddl on " + rw.lastNode() + " " + rw.lastReason());
            s.executeUpdate("INSERT INTO one_jar VALUES (1, 'one jar') ON CONFLICT (id) DO UPDATE SET note = 'one jar'");
            System.out.println("write on " + rw.lastNode() + " " + rw.lastReason());
            // read-your-writes: the row is read on the primary until a replica has applied it, then on a replica
            String note = null;
            for (int i = 0; i < 100; i++) {
                try (ResultSet r = s.executeQuery("SELECT note FROM one_jar WHERE id = 1")) {
                    note = r.next() ? r.getString(1) : null;
                }
                if (!rw.lastNode().equals(primary)) {
                    break;
                }
                Thread.sleep(100);
            }
            System.out.println("read " + note + " on " + rw.lastNode() + " " + rw.lastReason());
        } finally {
            RwSplitDriver.closeAll();
        }
    }
}
