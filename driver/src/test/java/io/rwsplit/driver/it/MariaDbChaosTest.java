package io.rwsplit.driver.it;

import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;

class MariaDbChaosTest extends AbstractChaosTest {
    @Override
    ReplicationTopology newTopology() {
        return SharedTopologies.newMariaDb("chaos");
    }
}
