package io.rwsplit.driver.it;

import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;

class PostgresGreyFailureIT extends AbstractGreyFailureTest {
    @Override
    ReplicationTopology newTopology() {
        return SharedTopologies.newPostgres("grey-failure");
    }

    /** A fast shutdown ends the sessions: a write in flight on one at that instant has an unknown outcome. */
    @Override
    int switchoverFailuresPerWriter() {
        return 1;
    }
}
