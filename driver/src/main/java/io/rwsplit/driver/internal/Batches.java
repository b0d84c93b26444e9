package io.rwsplit.driver.internal;

import io.rwsplit.routing.Classification;
import io.rwsplit.routing.Hint;
import io.rwsplit.routing.Reason;
import io.rwsplit.routing.TransactionControl;

import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/** How batches are routed: on the primary (they return update counts); one that creates session state pins. */
final class Batches {
    private static final Classification BATCH = batchOf(false);
    private static final Classification BATCH_PINNING = batchOf(true);

    private Batches() {
    }

    private static Classification batchOf(boolean pins) {
        return new Classification(Reason.WRITE, false, pins, TransactionControl.NONE, Hint.NONE, -1, Set.of());
    }

    /** A batch of texts: each is classified (and refused, if invalid) for whether it pins. */
    static Classification of(LogicalConnection conn, List<String> batch) throws SQLException {
        boolean pins = false;
        for (String sql : batch) {
            Classification c = conn.classify(sql);
            // A session SET in a batch is not replayed: it pins, as it did before replay.
            pins |= c.pinsSession() || c.replayable();
        }
        return pins ? BATCH_PINNING : BATCH;
    }

    /** A batch of executions of one prepared statement. */
    static Classification of(Classification single) {
        return single.pinsSession() || single.replayable() ? BATCH_PINNING : BATCH;
    }
}
