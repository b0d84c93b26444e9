package io.rwsplit.driver.it;

import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;

class PostgresChaosIT extends AbstractChaosTest {
    @Override
    ReplicationTopology newTopology() {
        return SharedTopologies.newPostgres("chaos");
    }
}
