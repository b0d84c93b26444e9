package io.rwsplit.driver.it;

import io.rwsplit.fixtures.DbNode;
import io.rwsplit.fixtures.ReplicationTopology;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The invariant checked after every integration test: no statement other than a read reached a replica
 * (the replicas' counters of data-changing statements received from clients did not move).
 */
final class ReplicaWriteGuard implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ReplicaWriteGuard.class);

    /** Implemented by tests that run on a topology. */
    interface OnTopology {
        ReplicationTopology topology();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        ReplicationTopology t = ((OnTopology) context.getRequiredTestInstance()).topology();
        Map<String, Long> counts = new HashMap<>();
        for (DbNode r : t.replicas()) {
            counts.put(r.name(), t.writeStatementsReceived(r));
        }
        context.getStore(NS).put("counts", counts);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        ReplicationTopology t = ((OnTopology) context.getRequiredTestInstance()).topology();
        @SuppressWarnings("unchecked")
        Map<String, Long> before = (Map<String, Long>) context.getStore(NS).get("counts", Map.class);
        for (DbNode r : t.replicas()) {
            Long was = before.get(r.name());
            if (was != null && r.isRunning()) {
                assertEquals(was.longValue(), t.writeStatementsReceived(r),
                        "data-changing statements reached replica " + r.name() + " (" + r.address() + ")");
            }
        }
    }
}
