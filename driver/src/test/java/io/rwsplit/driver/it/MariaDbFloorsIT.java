package io.rwsplit.driver.it;

import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;

class MariaDbFloorsIT extends AbstractFloorsTest {
    @Override
    public ReplicationTopology topology() {
        return SharedTopologies.mariadb();
    }
}
