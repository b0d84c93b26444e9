package io.rwsplit.driver.it;

import io.rwsplit.fixtures.Flavor;

/** {@link AbstractDiscoveryTest} on MariaDb replication. */
class MariaDbDiscoveryIT extends AbstractDiscoveryTest {
    @Override
    Flavor flavor() {
        return Flavor.MARIADB;
    }
}
