package io.rwsplit.driver.it;

import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;

class MariaDbRoutingIT extends AbstractRoutingTest {
    @Override
    public ReplicationTopology topology() {
        return SharedTopologies.mariadb();
    }

    @Override
    String corpusResource() {
        return "routing-corpus-mysql.txt";
    }
}
