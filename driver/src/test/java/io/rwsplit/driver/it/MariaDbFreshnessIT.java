package io.rwsplit.driver.it;

import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;

import java.time.Duration;

class MariaDbFreshnessIT extends AbstractFreshnessTest {
    @Override
    public ReplicationTopology topology() {
        return SharedTopologies.mariadb();
    }

    /** MASTER_DELAY counts whole seconds. */
    @Override
    Duration smallestApplyDelay() {
        return Duration.ofSeconds(1);
    }
}
