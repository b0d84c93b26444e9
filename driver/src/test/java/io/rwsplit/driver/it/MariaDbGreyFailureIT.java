package io.rwsplit.driver.it;

import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;

class MariaDbGreyFailureIT extends AbstractGreyFailureTest {
    @Override
    ReplicationTopology newTopology() {
        return SharedTopologies.newMariaDb("grey-failure");
    }

    /** read_only makes the old primary refuse writes before they run: they wait for the new one. */
    @Override
    int switchoverFailuresPerWriter() {
        return 0;
    }
}
