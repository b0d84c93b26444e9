package io.rwsplit.driver.it;

import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;

class PostgresRoutingIT extends AbstractRoutingTest {
    @Override
    public ReplicationTopology topology() {
        return SharedTopologies.postgresql();
    }

    @Override
    String corpusResource() {
        return "routing-corpus-postgresql.txt";
    }
}
