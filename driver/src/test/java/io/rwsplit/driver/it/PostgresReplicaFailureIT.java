package io.rwsplit.driver.it;

import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;

class PostgresReplicaFailureIT extends AbstractReplicaFailureTest {
    @Override
    ReplicationTopology newTopology() {
        return SharedTopologies.newPostgres("replica-failure");
    }
}
