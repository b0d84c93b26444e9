package io.rwsplit.driver.it;

import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;

class MariaDbPrimaryFailoverIT extends AbstractPrimaryFailoverTest {
    @Override
    ReplicationTopology newTopology() {
        return SharedTopologies.newMariaDb("primary-failover");
    }
}
