package io.rwsplit.driver.it;

import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;

class MariaDbPrimaryFailoverTest extends AbstractPrimaryFailoverTest {
    @Override
    ReplicationTopology newTopology() {
        return SharedTopologies.newMariaDb("primary-failover");
    }
}
