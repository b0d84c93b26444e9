package io.rwsplit.driver.it;

import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;

class MariaDbReplicaFailureIT extends AbstractReplicaFailureTest {
    @Override
    ReplicationTopology newTopology() {
        return SharedTopologies.newMariaDb("replica-failure");
    }
}
