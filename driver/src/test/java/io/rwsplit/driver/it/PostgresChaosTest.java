package io.rwsplit.driver.it;

import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;

class PostgresChaosTest extends AbstractChaosTest {
    @Override
    ReplicationTopology newTopology() {
        return SharedTopologies.newPostgres("chaos");
    }
}
