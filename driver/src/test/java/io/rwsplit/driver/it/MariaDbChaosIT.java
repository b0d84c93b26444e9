package io.rwsplit.driver.it;

import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;

class MariaDbChaosIT extends AbstractChaosTest {
    @Override
    ReplicationTopology newTopology() {
        return SharedTopologies.newMariaDb("chaos");
    }
}
