package io.rwsplit.driver.it;

import io.rwsplit.fixtures.ReplicationTopology;
import io.rwsplit.fixtures.SharedTopologies;

import java.time.Duration;

class PostgresFreshnessIT extends AbstractFreshnessTest {
    @Override
    public ReplicationTopology topology() {
        return SharedTopologies.postgresql();
    }

    @Override
    Duration smallestApplyDelay() {
        return Duration.ofMillis(300);
    }
}
