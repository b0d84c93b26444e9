package io.rwsplit.driver.it;

import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;

class PostgresPrimaryFailoverIT extends AbstractPrimaryFailoverTest {
    @Override
    ReplicationTopology newTopology() {
        return SharedTopologies.newPostgres("primary-failover");
    }
}
