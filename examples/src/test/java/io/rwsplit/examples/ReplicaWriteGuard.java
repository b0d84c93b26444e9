package io.rwsplit.examples;

import io.rwsplit.fixtures.DbNode;
import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The invariant checked around every example test and around each test class (so an application context started
 * for the class, Flyway included, is covered): no data-changing statement reached a replica of the shared MariaDB
 * topology. Register it before {@code @SpringBootTest} so that its class-level snapshot is taken before the
 * context starts.
 */
public final class ReplicaWriteGuard implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ReplicaWriteGuard.class);

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        snapshot(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        check(context, "while " + context.getDisplayName() + " ran (its application context included)");
    }

    @Override
    public void beforeEach(ExtensionContext context) throws SQLException {
        snapshot(context);
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        check(context, "during " + context.getDisplayName());
    }

    private static void snapshot(ExtensionContext context) throws SQLException {
        ReplicationTopology t = SharedTopologies.mariadb();
        Map<String, Long> counts = new HashMap<>();
        for (DbNode r : t.replicas()) {
            counts.put(r.name(), t.writeStatementsReceived(r));
        }
        context.getStore(NS).put("counts", counts);
    }

    private static void check(ExtensionContext context, String when) throws SQLException {
        ReplicationTopology t = SharedTopologies.mariadb();
        @SuppressWarnings("unchecked")
        Map<String, Long> before = (Map<String, Long>) context.getStore(NS).get("counts", Map.class);
        for (DbNode r : t.replicas()) {
            Long was = before.get(r.name());
            if (was != null && r.isRunning()) {
                assertEquals(was.longValue(), t.writeStatementsReceived(r),
                        "data-changing statements reached replica " + r.name() + " (" + r.address() + ") " + when);
            }
        }
    }
}
