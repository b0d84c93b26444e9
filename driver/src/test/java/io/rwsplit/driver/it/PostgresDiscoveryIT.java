package io.rwsplit.driver.it;

import io.rwsplit.fixtures.Flavor;

/** {@link AbstractDiscoveryTest} on PostgreSQL replication. */
class PostgresDiscoveryIT extends AbstractDiscoveryTest {
    @Override
    Flavor flavor() {
        return Flavor.POSTGRESQL;
    }
}
