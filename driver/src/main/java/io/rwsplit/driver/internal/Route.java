package io.rwsplit.driver.internal;

import io.rwsplit.routing.LeaseKind;
import io.rwsplit.routing.Reason;

/**
 * Where one execution of a statement runs: the node, why, and how the statement gets its connection there. Made by
 * {@link LogicalConnection#route} from the routing rules and the replica choice; interned per node
 * ({@link Node#route}).
 */
record Route(Node node, Reason reason, LeaseKind lease) {
    @Override
    public String toString() {
        return "Route[" + node.id() + ", " + reason.code() + ", " + lease + "]";
    }
}
