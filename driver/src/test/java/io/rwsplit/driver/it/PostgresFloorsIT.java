package io.rwsplit.driver.it;

import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;

class PostgresFloorsIT extends AbstractFloorsTest {
    @Override
    public ReplicationTopology topology() {
        return SharedTopologies.postgresql();
    }
}
